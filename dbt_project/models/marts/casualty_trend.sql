-- One row per (as_of, region, metric, victim_group) of cumulative casualty figures.
-- value is the largest figure reported for that day: articles quoting the same day's total
-- differ mostly by rounding ("more than 46,000") or by quoting an older figure, so the largest
-- is the most complete; min_reported/max_reported keep the spread visible.
--
-- Provenance: fact_ids lead to the facts (and their sentences) behind the row; as_of_bases and
-- published_on_bases say how their dates were found.
--
-- The comparison with the MoH reference series leaves out reports dated from that series
-- (int_cumulative_casualty_reports.dated_from_reference): an undated article gets the date on
-- which the series published its figure, so its gap is zero by construction and proves nothing.
-- reference_gap is the largest figure among the other, independently dated reports of the row
-- (independent_value) minus reference_value; it is null when every report of the row was dated
-- from the series. reference_value stays visible either way.
--
-- Agreement (macros/reference_checks.sql has the numbers and why): the row's independent_value
-- is compared with a band of the series, its values from the day before to the day after as_of
-- plus the latest series report at most 7 days before as_of (reference_as_of); it agrees when
-- it lies within reference_tolerance (5 % of the band's top, at least 10 people) of the band.
--
-- Plausibility: a row is flagged, never dropped (casualty_best_estimate leaves it out). With a
-- series band, a value under half its bottom or over twice its top is implausible. Without one
-- (other regions and groups, days the series does not cover), a value under half the median of
-- the (up to 3) rows before it, or over twice the medians both before and after it, is; so is a
-- first row from which the next row more than doubles for every day between them.
with reports as (

    select *
    from {{ ref('int_cumulative_casualty_reports') }}

),

daily as (

    select
        as_of,
        region,
        metric,
        victim_group,
        max(value) as value,
        count(*) as n_reports,
        count(distinct article_id) as n_articles,
        list_sort(list_distinct(list(article_id))) as article_ids,
        min(value) as min_reported,
        max(value) as max_reported,
        list_sort(list(fact_id)) as fact_ids,
        list_sort(list_distinct(list(as_of_basis))) as as_of_bases,
        list_sort(list_distinct(list(published_on_basis))) as published_on_bases,
        count(*) filter (where dated_from_reference) as n_reports_dated_from_reference,
        max(value) filter (where not dated_from_reference) as independent_value
    from reports
    group by as_of, region, metric, victim_group

),

with_neighbours as (

    select
        *,
        lag(value) over series as previous_value,
        lag(as_of) over series as previous_as_of,
        lead(value) over series as next_value,
        lead(as_of) over series as next_as_of,
        median(value) over (series rows between {{ neighbour_rows() }} preceding and 1 preceding) as median_before,
        median(value) over (series rows between 1 following and {{ neighbour_rows() }} following) as median_after
    from daily
    window series as (partition by region, metric, victim_group order by as_of)

),

reference as (

    select
        report_date,
        region,
        metric,
        victim_group,
        reference_value
    from {{ ref('int_gaza_moh_reference') }}

),

-- the series around each row's date: from the day before to the day after ...
band as (

    select
        daily.as_of,
        daily.region,
        daily.metric,
        daily.victim_group,
        min(reference.reference_value) as band_low,
        max(reference.reference_value) as band_high
    from daily
    inner join reference
        on daily.region = reference.region
        and daily.metric = reference.metric
        and daily.victim_group = reference.victim_group
        and reference.report_date between daily.as_of - {{ reference_band_days() }} and daily.as_of + {{ reference_band_days() }}
    group by daily.as_of, daily.region, daily.metric, daily.victim_group

),

-- ... and its latest report on or before that date, at most a week old
anchor as (

    select
        daily.as_of,
        daily.region,
        daily.metric,
        daily.victim_group,
        max(reference.report_date) as reference_as_of,
        arg_max(reference.reference_value, reference.report_date) as anchor_value
    from daily
    inner join reference
        on daily.region = reference.region
        and daily.metric = reference.metric
        and daily.victim_group = reference.victim_group
        and reference.report_date between daily.as_of - {{ reference_lookback_days() }} and daily.as_of
    group by daily.as_of, daily.region, daily.metric, daily.victim_group

),

compared as (

    select
        with_neighbours.*,
        reference.reference_value,
        anchor.reference_as_of,
        least(band.band_low, anchor.anchor_value) as reference_low,
        greatest(band.band_high, anchor.anchor_value) as reference_high
    from with_neighbours
    left join reference
        on with_neighbours.as_of = reference.report_date
        and with_neighbours.region = reference.region
        and with_neighbours.metric = reference.metric
        and with_neighbours.victim_group = reference.victim_group
    left join band
        on with_neighbours.as_of = band.as_of
        and with_neighbours.region = band.region
        and with_neighbours.metric = band.metric
        and with_neighbours.victim_group = band.victim_group
    left join anchor
        on with_neighbours.as_of = anchor.as_of
        and with_neighbours.region = anchor.region
        and with_neighbours.metric = anchor.metric
        and with_neighbours.victim_group = anchor.victim_group

),

judged as (

    select
        *,
        case when reference_high is not null then {{ reference_tolerance('reference_high') }} end as reference_tolerance,
        {%- set factor = implausible_factor() %}
        case
            when reference_low is not null then
                case
                    when value * {{ factor }} < reference_low then
                        'under 1/{{ factor }} of the MoH series: ' || {{ people('value') }} || ' against '
                        || {{ people('reference_low') }} || ' to ' || {{ people('reference_high') }}
                        || ' around this date (a period figure read as cumulative?)'
                    when value > {{ factor }} * reference_high then
                        'over {{ factor }} times the MoH series: ' || {{ people('value') }} || ' against '
                        || {{ people('reference_low') }} || ' to ' || {{ people('reference_high') }}
                        || ' around this date (another measure read as this one?)'
                end
            when median_before is not null and value * {{ factor }} < median_before then
                'under 1/{{ factor }} of the rows before it: ' || {{ people('value') }} || ' against a median of '
                || {{ people('median_before') }} || ' (a cumulative count does not fall so far; a period figure read as cumulative?)'
            when median_before is not null and median_after is not null
                and value > {{ factor }} * median_before and value > {{ factor }} * median_after then
                'over {{ factor }} times the rows before and after it: ' || {{ people('value') }} || ' against medians of '
                || {{ people('median_before') }} || ' and ' || {{ people('median_after') }} || ' (another measure read as this one?)'
            when median_before is null and median_after is not null and value * {{ factor }} < median_after
                and next_value > value * power({{ factor }}, least(next_as_of - as_of, 60)) then
                'the first row, and the next is ' || {{ people('next_value') }} || ' only ' || cast(next_as_of - as_of as varchar)
                || ' day(s) later: more than {{ factor }} times as many for every day between (a period figure read as cumulative?)'
        end as plausibility_note
    from compared

)

select
    as_of,
    region,
    metric,
    victim_group,
    value,
    previous_value,
    value - previous_value as delta,
    cast(as_of - previous_as_of as integer) as days_since_previous,
    cast(value - previous_value as double) / (as_of - previous_as_of) as daily_rate,
    n_reports,
    n_articles,
    article_ids,
    min_reported,
    max_reported,
    coalesce(value < previous_value, false) as is_revision,
    reference_value,
    independent_value - reference_value as reference_gap,
    fact_ids,
    as_of_bases,
    published_on_bases,
    n_reports_dated_from_reference,
    independent_value,
    reference_as_of,
    reference_low,
    reference_high,
    reference_tolerance,
    case
        when reference_low is null or independent_value is null then null
        else independent_value between reference_low - reference_tolerance and reference_high + reference_tolerance
    end as agrees_with_reference,
    plausibility_note is not null as is_implausible,
    plausibility_note
from judged
order by region, metric, victim_group, as_of
