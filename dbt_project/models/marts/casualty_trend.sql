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
-- minus reference_value; it is null when every report of the row was dated from the series.
-- reference_value stays visible either way.
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

with_previous as (

    select
        *,
        lag(value) over series as previous_value,
        lag(as_of) over series as previous_as_of
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

)

select
    with_previous.as_of,
    with_previous.region,
    with_previous.metric,
    with_previous.victim_group,
    with_previous.value,
    with_previous.previous_value,
    with_previous.value - with_previous.previous_value as delta,
    cast(with_previous.as_of - with_previous.previous_as_of as integer) as days_since_previous,
    cast(with_previous.value - with_previous.previous_value as double)
        / (with_previous.as_of - with_previous.previous_as_of) as daily_rate,
    with_previous.n_reports,
    with_previous.n_articles,
    with_previous.article_ids,
    with_previous.min_reported,
    with_previous.max_reported,
    coalesce(with_previous.value < with_previous.previous_value, false) as is_revision,
    reference.reference_value,
    with_previous.independent_value - reference.reference_value as reference_gap,
    with_previous.fact_ids,
    with_previous.as_of_bases,
    with_previous.published_on_bases,
    with_previous.n_reports_dated_from_reference
from with_previous
left join reference
    on with_previous.as_of = reference.report_date
    and with_previous.region = reference.region
    and with_previous.metric = reference.metric
    and with_previous.victim_group = reference.victim_group
order by with_previous.region, with_previous.metric, with_previous.victim_group, with_previous.as_of
