-- One row per mention of a gazetteer entity in an article.
select
    article_id,
    entity_id,
    entity_type,
    canonical_name,
    surface,
    char_start,
    char_end
from {{ source('extracted', 'entity_mentions') }}
