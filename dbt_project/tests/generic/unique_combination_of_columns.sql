{#
    The grain of a model: no two rows share the same values in these columns.
    Usage (dbt >= 1.10):
        data_tests:
          - unique_combination_of_columns:
              arguments:
                combination_of_columns: [as_of, region, metric, victim_group]
#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

with grouped as (

    select
        {{ combination_of_columns | join(', ') }},
        count(*) as n_rows
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}

)

select *
from grouped
where n_rows > 1

{% endtest %}
