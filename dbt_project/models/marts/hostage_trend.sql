-- One row per (as_of, status, hostage_group) of dated hostage figures. value is the largest
-- figure reported for that day (as in casualty_trend); min_reported/max_reported keep the
-- spread visible. fact_ids lead to the facts (and their sentences) behind the row;
-- as_of_bases and published_on_bases say how their dates were found.
with reports as (

    select *
    from {{ ref('int_dated_hostage_reports') }}

),

daily as (

    select
        as_of,
        status,
        hostage_group,
        max(value) as value,
        count(*) as n_reports,
        count(distinct article_id) as n_articles,
        list_sort(list_distinct(list(article_id))) as article_ids,
        min(value) as min_reported,
        max(value) as max_reported,
        list_sort(list(fact_id)) as fact_ids,
        list_sort(list_distinct(list(as_of_basis))) as as_of_bases,
        list_sort(list_distinct(list(published_on_basis))) as published_on_bases
    from reports
    group by as_of, status, hostage_group

),

with_previous as (

    select
        *,
        lag(value) over series as previous_value,
        lag(as_of) over series as previous_as_of
    from daily
    window series as (partition by status, hostage_group order by as_of)

)

select
    as_of,
    status,
    hostage_group,
    value,
    previous_value,
    value - previous_value as delta,
    cast(as_of - previous_as_of as integer) as days_since_previous,
    n_reports,
    n_articles,
    article_ids,
    min_reported,
    max_reported,
    fact_ids,
    as_of_bases,
    published_on_bases
from with_previous
order by status, hostage_group, as_of
