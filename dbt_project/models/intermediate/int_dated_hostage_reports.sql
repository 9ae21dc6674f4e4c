-- Hostage figures that carry the date they refer to, with the article they come from:
-- the reports that hostage_trend aggregates by day.
with facts as (

    select *
    from {{ ref('stg_hostage_facts') }}
    where as_of is not null

),

articles as (

    select
        article_id,
        language,
        published_on,
        published_on_basis
    from {{ ref('stg_articles') }}

)

select
    facts.fact_id,
    facts.article_id,
    facts.as_of,
    facts.status,
    facts.hostage_group,
    facts.qualifier,
    facts.value,
    facts.as_of_basis,
    articles.language,
    articles.published_on,
    articles.published_on_basis
from facts
inner join articles
    on facts.article_id = articles.article_id
