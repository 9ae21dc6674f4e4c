-- One row per article, as written by the Python ingest asset.
select
    article_id,
    source_path,
    url,
    source,
    cast(ingested_at as timestamp) as ingested_at,
    language,
    title,
    body,
    cast(published_on as date) as published_on,
    published_on_basis,
    duplicate_paragraphs,
    extractor_version
from {{ source('raw', 'articles') }}
