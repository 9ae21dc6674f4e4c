-- One row per hostage figure read from an article.
select
    fact_id,
    article_id,
    status,
    hostage_group,
    qualifier,
    cast(value as bigint) as value,
    cast(as_of as date) as as_of,
    as_of_basis,
    sentence,
    char_start,
    char_end
from {{ source('extracted', 'hostage_facts') }}
