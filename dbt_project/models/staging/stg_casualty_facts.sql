-- One row per casualty figure read from an article.
select
    fact_id,
    article_id,
    metric,
    victim_group,
    region,
    scope,
    qualifier,
    cast(value as bigint) as value,
    reported_by,
    cast(as_of as date) as as_of,
    as_of_basis,
    sentence,
    char_start,
    char_end
from {{ source('extracted', 'casualty_facts') }}
