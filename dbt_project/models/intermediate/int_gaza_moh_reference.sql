-- The Gaza MoH daily series in the shape of casualty facts: one row per
-- (report_date, metric, victim_group) with a figure actually reported that day.
-- Days marked report_source = 'missing' only carry the previous figures forward, so they are
-- not a reference for that date; blank cells (null) are not either.
with reported_days as (

    select *
    from {{ ref('gaza_moh_daily') }}
    where report_source is distinct from 'missing'

),

unpivoted as (

    select report_date, 'killed' as metric, 'all' as victim_group, killed_cum as reference_value, report_source
    from reported_days
    union all
    select report_date, 'injured', 'all', injured_cum, report_source
    from reported_days
    union all
    select report_date, 'killed', 'children', children_killed_cum, report_source
    from reported_days
    union all
    select report_date, 'killed', 'women', women_killed_cum, report_source
    from reported_days
    union all
    select report_date, 'starvation_deaths', 'all', famine_cum, report_source
    from reported_days
    union all
    select report_date, 'starvation_deaths', 'children', child_famine_cum, report_source
    from reported_days

)

select
    report_date,
    'gaza' as region,
    metric,
    victim_group,
    cast(reference_value as bigint) as reference_value,
    report_source
from unpivoted
where reference_value is not null
