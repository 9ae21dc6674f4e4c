{#
    Use a model's custom schema verbatim (`marts`, not dbt's default `main_marts`), so the
    DuckDB schemas are exactly those of the data contract: staging, intermediate, marts,
    reference. Nodes without a custom schema fall back to the target schema.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
