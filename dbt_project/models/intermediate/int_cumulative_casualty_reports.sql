-- Cumulative casualty figures (total since the war began) that carry the date they refer to,
-- with the article they come from: the reports that casualty_trend aggregates by day.
--
-- dated_from_reference marks a report whose date came from the MoH reference series itself:
-- its article was dated by an exact match with the series (published_on_basis
-- 'reference_series') and as_of follows from that article date (the date itself, or a weekday or
-- 'yesterday' counted back from it; only a date stated in the sentence stands on its own).
-- Comparing such a report with the series is circular: for the matched figure the gap is zero
-- by construction.
with facts as (

    select *
    from {{ ref('stg_casualty_facts') }}
    where scope = 'cumulative'
      and as_of is not null

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
    facts.region,
    facts.metric,
    facts.victim_group,
    facts.qualifier,
    facts.value,
    facts.reported_by,
    facts.as_of_basis,
    articles.language,
    articles.published_on,
    articles.published_on_basis,
    coalesce(
        articles.published_on_basis = 'reference_series' and facts.as_of_basis <> 'stated',
        false
    ) as dated_from_reference
from facts
inner join articles
    on facts.article_id = articles.article_id
