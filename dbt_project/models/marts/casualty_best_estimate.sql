-- The best estimate of each cumulative casualty series: the rows of casualty_trend that are not
-- flagged implausible, one per (as_of, region, metric, victim_group), with previous_value, delta,
-- days_since_previous and daily_rate recomputed over the rows kept, so a misread figure (a
-- period figure of 45 between tolls of 40,000) leaves neither a plunge nor a leap behind.
--
-- Each row rests on the casualty_trend row of the same key: its value, fact_ids and article_ids
-- are that row's. flagged_as_of lists the flagged rows of the series left out between the
-- previous row of the estimate and this one (a flagged row after the last kept row of its series
-- is in casualty_trend only).
with trend as (

    select
        *,
        -- how many rows of the series are kept up to and including this one: the flagged rows
        -- after kept row n belong to the gap before kept row n + 1
        sum(case when is_implausible then 0 else 1 end) over (
            partition by region, metric, victim_group order by as_of rows between unbounded preceding and current row
        ) as kept_rank
    from {{ ref('casualty_trend') }}

),

flagged as (

    select
        region,
        metric,
        victim_group,
        kept_rank + 1 as kept_rank,
        list_sort(list(as_of)) as flagged_as_of
    from trend
    where is_implausible
    group by region, metric, victim_group, kept_rank

),

kept as (

    select
        *,
        lag(value) over series as previous_kept_value,
        lag(as_of) over series as previous_kept_as_of
    from trend
    where not is_implausible
    window series as (partition by region, metric, victim_group order by as_of)

)

select
    kept.as_of,
    kept.region,
    kept.metric,
    kept.victim_group,
    kept.value,
    kept.previous_kept_value as previous_value,
    kept.value - kept.previous_kept_value as delta,
    cast(kept.as_of - kept.previous_kept_as_of as integer) as days_since_previous,
    cast(kept.value - kept.previous_kept_value as double) / (kept.as_of - kept.previous_kept_as_of) as daily_rate,
    coalesce(kept.value < kept.previous_kept_value, false) as is_revision,
    kept.n_reports,
    kept.n_articles,
    kept.article_ids,
    kept.fact_ids,
    kept.reference_value,
    kept.reference_low,
    kept.reference_high,
    kept.agrees_with_reference,
    coalesce(flagged.flagged_as_of, []::date[]) as flagged_as_of
from kept
left join flagged
    on kept.region = flagged.region
    and kept.metric = flagged.metric
    and kept.victim_group = flagged.victim_group
    and kept.kept_rank = flagged.kept_rank
order by kept.region, kept.metric, kept.victim_group, kept.as_of
