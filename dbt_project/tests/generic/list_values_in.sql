{#
    Every element of a list column is one of `values` (and is not null): accepted_values for
    list columns such as negotiation_rounds.mediators. A null or empty list passes.
    Usage:
        data_tests:
          - list_values_in:
              arguments:
                values: [Israel, Hamas]
#}
{% test list_values_in(model, column_name, values) %}

with elements as (

    select unnest({{ column_name }}) as element
    from {{ model }}

)

select element
from elements
where element is null
   or element not in (
        {%- for value in values %}
        '{{ value | replace("'", "''") }}'{{ "," if not loop.last }}
        {%- endfor %}
    )

{% endtest %}
