{#
    A list column is sorted ascending and holds no duplicates (article_ids, locations, ...),
    so two builds over the same facts give byte-identical lists.
#}
{% test is_sorted_distinct_list(model, column_name) %}

select {{ column_name }}
from {{ model }}
where {{ column_name }} is not null
  and {{ column_name }} <> list_sort(list_distinct({{ column_name }}))

{% endtest %}
