{#
    A derived series that keeps exactly the unflagged rows of another model: every row of
    `model` has a row of `to` with the same key that is not flagged and has the same values in
    `same_columns`, and every unflagged row of `to` is in `model`. Flagged rows of `to` are
    left out, never lost: they stay in `to`.
    Returns one row per broken rule, naming it (`rule`) with its number of rows (`failing_rows`),
    as column_rules does.
    Usage:
        data_tests:
          - rests_on_unflagged_rows:
              arguments:
                to: ref('casualty_trend')
                key: [as_of, region, metric, victim_group]
                flag: is_implausible
                same_columns: [value, fact_ids]
#}
{% test rests_on_unflagged_rows(model, to, key, flag, same_columns=[]) %}

{{ config(fail_calc='coalesce(sum(failing_rows), 0)') }}

{%- set on = [] -%}
{%- for column in key -%}
    {%- do on.append('derived.' ~ column ~ ' = source.' ~ column) -%}
{%- endfor %}

with derived as (

    select * from {{ model }}

),

source as (

    select * from {{ to }}

),

matched as (

    select
        source.{{ key[0] }} is null as no_source_row,
        coalesce(source.{{ flag }}, false) as rests_on_flagged_row,
        {%- for column in same_columns %}
        source.{{ key[0] }} is not null and derived.{{ column }} is distinct from source.{{ column }} as differs_{{ loop.index }}{{ "," if not loop.last }}
        {%- endfor %}
        {%- if not same_columns %}
        false as differs_0
        {%- endif %}
    from derived
    left join source on {{ on | join(' and ') }}

),

missing as (

    select count(*) as failing_rows
    from source
    where not coalesce(source.{{ flag }}, false)
      and not exists (select 1 from derived where {{ on | join(' and ') }})

),

broken as (

    select 'a row without its row in {{ to.identifier }}' as rule, count(*) filter (where no_source_row) as failing_rows from matched
    union all
    select 'a row resting on a flagged row ({{ flag }})', count(*) filter (where rests_on_flagged_row) from matched
    {%- for column in same_columns %}
    union all
    select '{{ column }} differs from its row in {{ to.identifier }}', count(*) filter (where differs_{{ loop.index }}) from matched
    {%- endfor %}
    union all
    select 'an unflagged row of {{ to.identifier }} left out', failing_rows from missing

)

select rule, failing_rows
from broken
where failing_rows > 0

{% endtest %}
