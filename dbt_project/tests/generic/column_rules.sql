{#
    Every column rule of a model, checked in one pass over it: one dbt test (and one Dagster
    asset check) per model instead of one per column and rule. A build runs ~120 rules; as
    separate tests each cost ~60 ms of dbt and three Dagster events, whatever the data.

    Each rule means what the dbt test of the same name means:
        not_null: [col, ...]                        no null in col
        unique: [col, ...]                          no two rows share a non-null value of col
        unique_combination: [[a, b], ...]           no two rows share (a, b), nulls included (the grain)
        accepted_values: {col: [v, ...]}            col is one of the values (null passes)
        list_values_in: {col: [v, ...]}             every element of the list col is one of the values
                                                    and not null (a null or empty list passes)
        sorted_distinct_lists: [col, ...]           the list col is sorted ascending without duplicates,
                                                    so two builds over the same facts give the same lists
        row_conditions: [condition, ...]            the SQL condition is true on every row (a null
                                                    result fails: a rule that cannot be told is broken)
    The test returns one row per broken rule, naming it (`rule`) with the number of rows that
    break it (`failing_rows`); dbt reports their sum as the test's failures.
    Usage:
        data_tests:
          - column_rules:
              name: casualty_trend_rules
              arguments:
                not_null: [as_of, region]
                accepted_values:
                  region: [gaza, israel]
#}
{% test column_rules(model, not_null=[], unique=[], unique_combination=[], accepted_values={}, list_values_in={}, sorted_distinct_lists=[], row_conditions=[]) %}

{{ config(fail_calc='coalesce(sum(failing_rows), 0)') }}

{%- set rules = [] -%}
{%- for column in not_null -%}
    {%- do rules.append((column ~ ' is null', 'count(*) filter (where ' ~ column ~ ' is null)')) -%}
{%- endfor -%}
{%- for column in unique -%}
    {%- do rules.append((column ~ ' is not unique', 'count(' ~ column ~ ') - count(distinct ' ~ column ~ ')')) -%}
{%- endfor -%}
{%- for columns in unique_combination -%}
    {%- do rules.append(('(' ~ columns | join(', ') ~ ') is not unique', 'count(*) - count(distinct row(' ~ columns | join(', ') ~ '))')) -%}
{%- endfor -%}
{%- for column, values in accepted_values.items() -%}
    {%- set in_list = "'" ~ values | map('replace', "'", "''") | join("', '") ~ "'" -%}
    {%- do rules.append((column ~ ' is not an accepted value', 'count(*) filter (where ' ~ column ~ ' not in (' ~ in_list ~ '))')) -%}
{%- endfor -%}
{%- for column, values in list_values_in.items() -%}
    {%- set in_list = "'" ~ values | map('replace', "'", "''") | join("', '") ~ "'" -%}
    {%- do rules.append((column ~ ' has an element that is not an accepted value',
        'count(*) filter (where len(list_filter(' ~ column ~ ', lambda element: element is null or element not in (' ~ in_list ~ '))) > 0)')) -%}
{%- endfor -%}
{%- for column in sorted_distinct_lists -%}
    {%- do rules.append((column ~ ' is not a sorted distinct list',
        'count(*) filter (where ' ~ column ~ ' is not null and ' ~ column ~ ' <> list_sort(list_distinct(' ~ column ~ ')))')) -%}
{%- endfor -%}
{%- for condition in row_conditions -%}
    {%- do rules.append(('not always true: ' ~ condition, 'count(*) filter (where not coalesce(' ~ condition ~ ', false))')) -%}
{%- endfor -%}

with rule_counts as (

    select
        {%- for rule, expression in rules %}
        {{ expression }} as "{{ rule | replace('"', '""') }}"{{ "," if not loop.last }}
        {%- endfor %}
    from {{ model }}

),

broken as (

    unpivot rule_counts on columns(*) into name rule value failing_rows

)

select rule, failing_rows
from broken
where failing_rows > 0

{% endtest %}
