"""Every message an editor can get from the build, in one place.

Each :class:`Message` has a key, the Danish text (a ``str.format`` template), what it means and
how to fix it. The handbook's checks build their warnings from here (:func:`warn`), and the
editors' troubleshooting page (``{fejlbeskeder}``, docs/projekt/fejlbeskeder.md) is made from
the same list, so the page and the messages cannot drift apart. A message whose text is still
put together elsewhere (the data files' problems in :mod:`handbog.data.core`, the checklists)
is listed here with an example, so the page names it too; ``tests/test_editor_messages.py``
checks that every warning subtype the package uses has an entry.

Warnings of Sphinx, MyST, sphinx-needs and sphinxcontrib-bibtex that an editor can cause, and
that the handbook replaces with its own Danish message at the source, are in
:data:`REPLACED`: they are added to ``suppress_warnings``, and the check that says the same in
Danish (with file, line and the nearest valid name) is named beside each.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx

LOGGER = logging.getLogger("handbog")


@dataclass(frozen=True)
class Message:
    key: str
    #: the warning's subtype: ``[handbog.<subtype>]`` at the end of the line
    subtype: str
    #: a heading on the troubleshooting page
    title: str
    #: the message, with ``{name}`` for what changes from case to case
    template: str
    #: when it appears, in an editor's words
    meaning: str
    #: what to do
    fix: str
    #: where it points, as the page shows it
    where: str
    #: values for the example on the troubleshooting page
    example: Mapping[str, str] = field(default_factory=dict)

    def text(self, need_id: str | None = None, **values: Any) -> str:
        """The message; about a need, it begins with the need's ID ("PR_X: …")."""
        if "need_id" in self.fields:
            return self.template.format(need_id=need_id, **values)
        body = self.template.format(**values)
        return f"{need_id}: {body}" if need_id else body

    @property
    def fields(self) -> set[str]:
        return {name for _t, name, _s, _c in string.Formatter().parse(self.template) if name}


_SKELETON_TEMPLATE = "docs/_templates/kerneelement-side.md"

CATALOGUE: tuple[Message, ...] = (
    # -- Data that cannot be read ------------------------------------------------------------
    Message(
        "model-toml",
        "model",
        "ubproject.toml kan ikke læses",
        "ubproject.toml kan ikke læses: {what}. Ret linjen; bygningen stopper her, for uden "
        "modellen kender håndbogen hverken typer, felter eller links.",
        "Filen med informationsmodellen har en tastefejl (TOML), fx et manglende "
        "anførselstegn, en ekstra '[' eller et '=' for meget.",
        "Ret linjen, som beskeden nævner. Tekster står i anførselstegn, lister i [ ] med komma "
        "imellem.",
        "ubproject.toml:linje",
        {"what": "en værdi er ugyldig (linje 194, kolonne 5)"},
    ),
    Message(
        "model-modsigelse",
        "model",
        "ubproject.toml siger sig selv imod",
        "{what} Bygningen stopper her.",
        "Modellen kan læses, men to dele af den passer ikke sammen, fx en tilladt værdi i "
        "[needs.fields] uden et ord i [handbog.ord].",
        "Gør, som beskeden siger: giv hver tilladt værdi præcis ét ord, og nævn kun typer og "
        "felter, der findes.",
        "ubproject.toml",
        {
            "what": "ubproject.toml: feltet 'grundlag' tillader [...], men [handbog.ord.grundlag] "
            "giver ord for [...]. Giv hver tilladt værdi præcis ét ord."
        },
    ),
    Message(
        "tegnsaet",
        "tegnsaet",
        "En fil er ikke gemt som UTF-8",
        "filen er ikke gemt som UTF-8 (kolonne {column} er det første tegn, der ikke kan læses). "
        "Gem filen igen med tegnsættet UTF-8; så kan æ, ø og å læses. Bygningen stopper her.",
        "Filen er gemt med et andet tegnsæt, fx Windows-1252, typisk af et program på Windows. "
        "Så kan bygningen ikke læse æ, ø og å.",
        "Åbn filen i en editor, vælg »Gem som« med tegnsættet UTF-8, og ret de tegn, der ser "
        "forkerte ud.",
        "docs/side.md:linje",
        {"column": "12"},
    ),
    Message(
        "bib-syntaks",
        "litteratur",
        "docs/litteratur.bib kan ikke læses",
        "litteraturlisten kan ikke læses her: {what}{entry}. Tjek posten: hvert felt skrives "
        "'navn = {{værdi}},' med komma efter, og posten lukkes med '}}'. Posten er udeladt, "
        "indtil den er rettet.",
        "En BibTeX-post har en tastefejl: en tuborgklamme for lidt eller for meget, et "
        "manglende komma eller '=' mellem felterne.",
        "Sammenlign posten med docs/_templates/kilde.bib. Tæl klammerne: hver '{' har sin '}'.",
        "docs/litteratur.bib:linje",
        {"what": "filen slutter, før posten er lukket", "entry": " (posten 'hansen2020')"},
    ),
    Message(
        "bib-felt",
        "litteratur",
        "En BibTeX-post mangler et felt",
        "BibTeX-posten {key!r} kan ikke sættes op, fordi den mangler feltet {missing!r} (fx "
        "author, title eller year). Tilføj feltet; posten er udeladt, indtil den er rettet.",
        "Posten kan læses, men stilen kan ikke vise den uden fx forfatter eller titel.",
        "Tilføj feltet; se docs/_templates/kilde.bib. En organisation som forfatter skrives "
        "'author = {{EVA}}'.",
        "docs/litteratur.bib:linje",
        {"key": "hansen2020", "missing": "author"},
    ),
    Message(
        "bib-vaerdi",
        "litteratur",
        "Et felt i en BibTeX-post har en værdi, der ikke kan bruges",
        "BibTeX-posten {key!r} har {field} = {{{value}}}; skriv året med fire cifre, fx "
        "{field} = {{2020}} (og et bogstav, 2020a, når samme forfatter har to værker fra det år). "
        "Posten er udeladt, indtil den er rettet.",
        "Et år er skrevet med ord eller har en tastefejl, så listen kan ikke sorteres, og "
        "henvisningen kan ikke vise året.",
        "Skriv året med fire cifre.",
        "docs/litteratur.bib:linje",
        {"key": "hansen2020", "field": "year", "value": "tyve"},
    ),
    Message(
        "datafil",
        "ordliste",
        "En ordlistefil eller tjekliste kan ikke læses",
        "filen er ikke gyldig YAML: {what}. Tjek indrykningen (mellemrum, ikke tabulatorer), "
        "kolonerne og bindestregerne; sæt tekster med ':' eller '#' i anførselstegn.",
        "En fil i glossary/ eller checklists/ har en tastefejl. Beskeden nævner linje og "
        "kolonne (tjeklister får [handbog.tjekliste]) og, for et begreb, de sider, der bruger "
        "det; deres henvisninger virker igen, når filen er rettet.",
        "Ret linjen. Kør 'python -m handbog ordliste valider' eller 'python -m handbog "
        "tjekliste valider' for at tjekke filen på et sekund.",
        "glossary/fil.yaml:linje",
        {"what": "en tekst i anførselstegn bliver ikke lukket"},
    ),
    # -- IDs and fields of the needs -----------------------------------------------------------
    Message(
        "dublet-id",
        "id",
        "Et ID er brugt to gange",
        "{need_id} er brugt to gange: her og i {other}. Et ID må kun bruges én gang, for "
        "tjeklister og sporbarhed peger på det. Blokken her er den nye (i den senest gemte "
        "fil): giv den et nyt ID, eller slet den, hvis den er en kopi.",
        "To blokke har samme :id:. Beskeden står ved den nye og nævner, hvor den gamle står; "
        "den gamle vises fortsat.",
        "Giv den nye blok sit eget ID (se ID-reglerne i CONTRIBUTING.md). Ændr aldrig et "
        "udgivet ID.",
        "docs/side.md:linje",
        {
            "need_id": "PR_FS_TILLID_MOEDER",
            "other": "docs/kerneelementer/foraeldresamarbejde.md:40",
        },
    ),
    Message(
        "id-form",
        "id",
        "Et ID har ikke den rigtige form",
        "ID'et {need_id!r} har ikke den rigtige form: kun store bogstaver, tal og "
        "understregning (æ, ø, å skrives AE, OE, AA), og det begynder med typens præfiks. "
        "Skriv fx {suggestion!r}.",
        "ID'et har små bogstaver, mellemrum, æ, ø, å eller et forkert præfiks, så blokken "
        "kan ikke laves.",
        "Skriv ID'et i formen PR_ELEMENT_NAVN; beskeden foreslår en form. Links til ID'et skal "
        "rettes på samme måde.",
        "docs/side.md:linje",
        {"need_id": "PR_fs_tillid møder", "suggestion": "PR_FS_TILLID_MOEDER"},
    ),
    Message(
        "mangler-titel",
        "sporbarhed",
        "En blok mangler sin titel",
        "{kind} mangler sin titel. Skriv titlen på samme linje som blokkens navn: "
        "```{{{name}}} Titel med dine egne ord.",
        "Linjen, der åbner blokken, har intet efter ```{praksis} (eller en anden type).",
        "Skriv en kort titel efter navnet på den første linje.",
        "docs/side.md:linje",
        {"kind": "en praksis", "name": "praksis"},
    ),
    Message(
        "ukendt-felt",
        "sporbarhed",
        "Et felt i en blok findes ikke",
        ":{field}: er ikke et felt.{hint} Felterne er: {fields}. Feltet er ikke brugt.",
        "Et feltnavn i en praksis, et redskab eller en anden blok er stavet forkert, fx "
        ":bygger_pa: for :bygger_paa:.",
        "Ret feltnavnet (beskeden foreslår det nærmeste).",
        "docs/side.md:linje",
        {
            "field": "bygger_pa",
            "hint": " Mente du 'bygger_paa'?",
            "fields": ":art:, :bygger_paa:, :grundlag:, …",
        },
    ),
    Message(
        "ukendt-blok",
        "side",
        "En blok har et navn, der ikke findes",
        "blokken {{{name}}} findes ikke.{hint} Ret navnet i ```{{…}}; blokken er ikke vist.",
        "Navnet efter ```{ er stavet forkert, fx {prakis} for {praksis}.",
        "Ret navnet; beskeden foreslår det nærmeste (se typerne i CONTRIBUTING.md).",
        "docs/side.md:linje",
        {"name": "prakis", "hint": " Mente du 'praksis'?"},
    ),
    Message(
        "ukendt-rolle",
        "side",
        "En rolle har et navn, der ikke findes",
        "rollen {{{name}}} findes ikke.{hint} Ret navnet i {{…}}`…`; teksten i rollen er ikke "
        "vist.",
        "Navnet i krøllede parenteser foran `…` er stavet forkert, fx {trem}`…` for {term}`…`.",
        "Ret navnet; beskeden foreslår det nærmeste. Rollerne, håndbogen bruger, er fx "
        "{term}, {doc}, {need}, {cite:p} og {tilfoejelse}.",
        "docs/side.md:linje",
        {"name": "trem", "hint": " Mente du 'term'?"},
    ),
    Message(
        "rolle-aaben",
        "side",
        "En rolle bliver ikke lukket",
        "rollen {{{name}}} bliver ikke lukket: den afsluttende ` mangler. Tilføj ` efter "
        "rollens tekst, fx {{{name}}}`tekst`.",
        "En rolle som {term}`…` eller {cite:p}`…` mangler sin sidste `, så den løber ind i "
        "resten af afsnittet. Rollen er vist som almindelig tekst.",
        "Tilføj ` efter rollens tekst.",
        "docs/side.md:linje",
        {"name": "cite:p"},
    ),
    Message(
        "forside",
        "side",
        "Sidens indledning (front matter) kan ikke læses",
        "sidens indledning mellem linjerne med --- kan ikke læses: {what}. Skriv hver linje "
        "som 'navn: værdi', sæt en tekst med ':' eller '#' i anførselstegn, og luk med ---.",
        "De første linjer på siden, mellem to linjer med ---, er sidens oplysninger (fx "
        "og:description). De har en tastefejl, eller den sidste --- mangler.",
        "Ret linjen, som beskeden nævner; sammenlign med docs/_templates/side.md.",
        "docs/side.md:linje",
        {"what": "den er ikke gyldig YAML (found unexpected end of stream)"},
    ),
    Message(
        "forside-felt",
        "side",
        "Sidens indledning har et felt, som ingen læser",
        "feltet '{name}' i sidens indledning bruges ikke af noget.{hint} Felter, en side kan "
        "have: {known}.",
        "Et navn i sidens indledning (mellem linjerne med ---) er stavet forkert, fx "
        "og:descripton for og:description. Et felt, som ingen læser, bliver stille væk.",
        "Ret navnet; beskeden foreslår det nærmeste.",
        "docs/side.md:linje",
        {"name": "og:descripton", "hint": " Mente du 'og:description'?", "known": "…"},
    ),
    Message(
        "blok-aaben",
        "side",
        "En blok bliver ikke lukket",
        "blokken {{{name}}} bliver ikke lukket, så resten af siden bliver en del af den. "
        "Tilføj en linje med ``` (lige så mange tegn som i linjen, der åbner blokken) efter "
        "blokkens tekst.",
        "Linjen med ``` efter en praksis, et redskab eller en anden blok mangler.",
        "Luk blokken med ``` på en linje for sig (::: for en blok, der åbner med :::).",
        "docs/side.md:linje",
        {"name": "praksis"},
    ),
    Message(
        "feltvaerdi",
        "sporbarhed",
        "En ugyldig værdi i et felt (fx :grundlag:)",
        ":{field}: {value!r} er ikke en tilladt værdi.{hint} Skriv {one} af: {allowed}.",
        "Et felt med faste værdier (fx :grundlag: eller :art:) har en værdi, modellen ikke "
        "kender, ofte en stavefejl.",
        "Skriv værdien, som den står først i listen (uden æ, ø, å); ordet i parentes er det, "
        "læseren ser.",
        "docs/side.md:linje",
        {
            "need_id": "PR_BI_STEMME",
            "field": "grundlag",
            "value": "interview",
            "hint": " Mente du 'interviews'?",
            "one": "en eller flere",
            "allowed": "litteratur, interviews, casebesoeg (casebesøg), normativ "
            "(normativt argument)",
        },
    ),
    Message(
        "tom-tekst",
        "sporbarhed",
        "En praksis eller et hjælperedskab uden tekst",
        "{kind} har en titel, men ingen tekst. Skriv med dine egne ord, hvad den går "
        "ud på: under feltlinjerne (:id:, :realiserer: …), efter en tom linje.",
        "Blokken har titel og felter, men intet indhold, så læseren ser kun en overskrift.",
        "Skriv mindst én sætning i blokken, før den lukkende ```.",
        "docs/side.md:linje",
        {"need_id": "PR_FS_TILLID_MOEDER", "kind": "en praksis"},
    ),
    Message(
        "forkert-linktype",
        "link",
        "Et link peger på et element af den forkerte type",
        ":{link}: peger på {target}, som er {found}; :{link}: skal pege på "
        "{wanted}.{hint} Ret ID'et.",
        "Fx :realiserer: peger på en kilde, eller :bygger_paa: peger på en praksis.",
        "Peg på et element af den rigtige type; beskeden foreslår et, der ligner.",
        "docs/side.md:linje",
        {
            "need_id": "PR_BI_STEMME",
            "link": "realiserer",
            "target": "KI_VIVE2023",
            "found": "en kilde (KI_)",
            "wanted": "et kerneelement (KE_) eller en forudsætning (FO_)",
            "hint": "",
        },
    ),
    Message(
        "link-kilde",
        "link",
        "En blok har et link, dens type ikke må have",
        ":{link}: hører ikke til {kind}: kun {allowed} har :{link}:. Fjern linket, eller flyt "
        "det til det rigtige element. Linket er ikke brugt.",
        "Fx et hjælperedskab med :tjekker: (det gør kun et tjekpunkt) eller en forudsætning med "
        ":realiserer:. Hvilke typer der har hvilke links, står i [handbog.krav] i "
        "ubproject.toml.",
        "Fjern linket, eller flyt det til den blok, det hører til.",
        "docs/side.md:linje",
        {
            "link": "tjekker",
            "kind": "et hjælperedskab",
            "allowed": "et tjekpunkt (TJ_)",
        },
    ),
    Message(
        "ukendt-id",
        "link",
        "Et link peger på et ID, der ikke findes",
        ":{link}: peger på {target}, som ikke findes.{hint} Ret ID'et, eller opret "
        "behovet (litteratur: tilføj posten til docs/litteratur.bib).",
        "Et ID i :realiserer:, :bygger_paa:, :understoetter: eller :tjekker: er stavet forkert "
        "eller findes ikke (længere).",
        "Ret ID'et (beskeden foreslår det nærmeste), eller opret elementet.",
        "docs/side.md:linje",
        {
            "need_id": "PR_BI_STEMME",
            "link": "bygger_paa",
            "target": "KI_LUNDY2017",
            "hint": " Mente du KI_LUNDY2007?",
        },
    ),
    Message(
        "need-ukendt",
        "link",
        "{need} peger på et ID, der ikke findes",
        "{{need}}`{target}` peger på et ID, der ikke findes.{hint} Ret ID'et (alle ID'er står "
        "under Sporbarhed).{others}",
        "ID'et i {need}`…` er stavet forkert, eller elementet er fjernet.",
        "Ret ID'et; beskeden foreslår det nærmeste.",
        "docs/side.md:linje",
        {"target": "PR_FS_TILIID_MOEDER", "hint": " Mente du PR_FS_TILLID_MOEDER?", "others": ""},
    ),
    Message(
        "resume-ukendt",
        "link",
        "Et resumé peger på et ID, der ikke er en forudsætning eller et kerneelement",
        "resume {target}: ID'et findes ikke blandt forudsætningerne og kerneelementerne.{hint} "
        "Ret ID'et i blokken.",
        "Blokken ```{resume} på en underviserside nævner et ID, der er stavet forkert, eller som "
        "hører til en praksis, et redskab eller en kilde. Et resumé handler om en forudsætning "
        "eller et kerneelement.",
        "Skriv ID'et på forudsætningen eller kerneelementet (FO_… eller KE_…); beskeden foreslår "
        "det nærmeste.",
        "docs/undervisning/side.md:linje",
        {"target": "KE_BOERNEINDDRAGELS", "hint": " Mente du 'KE_BOERNEINDDRAGELSE'?"},
    ),
    Message(
        "krav",
        "sporbarhed",
        "En praksis, et redskab eller en forudsætning mangler et felt",
        "mangler {what}.",
        "Modellen kræver fx mindst én kilde i :bygger_paa: og et :realiserer: for hver "
        "praksis ([handbog.krav] i ubproject.toml).",
        "Tilføj feltet i blokken, som beskeden siger.",
        "docs/side.md:linje",
        {"need_id": "PR_BI_STEMME", "what": "mindst én kilde i :bygger_paa: (KI_…)"},
    ),
    Message(
        "id-praefiks",
        "id",
        "Et ID har det forkerte præfiks",
        "{kind} skal have et ID, der begynder med {prefix!r}.",
        "ID'et begynder ikke med typens præfiks (PR_ for en praksis, HR_ for et redskab …).",
        "Ret ID'et, eller brug den rigtige blok ({praksis}, {redskab} …).",
        "docs/side.md:linje",
        {"need_id": "PR_VAERKTOEJ", "kind": "et hjælperedskab", "prefix": "HR_"},
    ),
    Message(
        "kilde",
        "kilde",
        "En kilde er skrevet forkert eller bruges ikke",
        "{what}",
        "En kilde-blok mangler :art:, er litteratur skrevet i hånden, eller ingen praksis "
        "bygger på den; eller en BibTeX-post mangler keywords.",
        "Litteratur skrives kun i docs/litteratur.bib. Andre kilder får :art: og bruges af "
        "mindst én praksis.",
        "docs/side.md:linje eller docs/litteratur.bib:linje",
        {"need_id": "KI_CASE_KOMMUNE1", "what": "mangler :art: (interviews, casebesoeg, …)."},
    ),
    # -- Literature ----------------------------------------------------------------------------
    Message(
        "cite-ukendt",
        "litteratur",
        "En citationsnøgle findes ikke",
        "{{cite}} nævner {key!r}, som ikke står i docs/litteratur.bib.{hint} Ret nøglen, eller "
        "tilføj posten til docs/litteratur.bib.{others}",
        "Nøglen i {cite:p}`…` er stavet forkert, eller posten mangler i BibTeX-filen.",
        "Ret nøglen (beskeden foreslår den nærmeste), eller tilføj posten.",
        "docs/side.md:linje",
        {"key": "jensen2018", "hint": " Mente du 'jensen2019'?", "others": ""},
    ),
    Message(
        "bib-ubrugt",
        "litteratur",
        "En kilde i litteraturlisten bruges ikke",
        "BibTeX-posten {key!r} bruges ikke: ingen side citerer den, ingen praksis bygger på "
        "den, og den er ikke fra rapportens litteraturliste (keywords {kinds}). Citér den med "
        "{{cite:p}}`{key}` på den side, der bruger den, eller fjern posten.",
        "Håndbogens litteraturliste rummer rapportens bilag 2 og det, håndbogen selv bruger; "
        "en ubrugt egen kilde er sikkert glemt.",
        "Citér kilden, lad en praksis bygge på den (KI_…), eller fjern posten.",
        "docs/litteratur.bib:linje",
        {"key": "hansen2020", "kinds": "systematisk eller baggrund"},
    ),
    # -- Pages ---------------------------------------------------------------------------------
    Message(
        "skelet-mangler",
        "skelet",
        "En side om et kerneelement eller en forudsætning mangler en overskrift",
        "siden mangler {noun} {names}. Alle sider om kerneelementer og forudsætninger "
        "har afsnittene {order} i den rækkefølge (skabelon: " + _SKELETON_TEMPLATE + ").",
        "Siderne om kerneelementer og forudsætninger har samme skelet, så læseren finder det "
        "samme samme sted.",
        "Tilføj overskriften som '## …', stavet præcis som i skabelonen.",
        "docs/side.md:linje",
        {
            "need_id": "FO_UDEN_MYNDIGHED",
            "noun": "overskriften",
            "names": "'## Hjælperedskaber'",
            "order": "Definition → Faglig begrundelse → …",
        },
    ),
    Message(
        "skelet-orden",
        "skelet",
        "En overskrift står det forkerte sted",
        "overskriften '## {title}' står for tidligt. Rækkefølgen er: {order}. Flyt afsnittet.",
        "Skelettets overskrifter står i en anden rækkefølge end skabelonens.",
        "Flyt afsnittet, så rækkefølgen passer.",
        "docs/side.md:linje",
        {"need_id": "KE_KOMPETENCER", "title": "Hjælperedskaber", "order": "Definition → …"},
    ),
    Message(
        "term-ukendt",
        "ordliste",
        "Et begreb findes ikke i ordlisten",
        "{{term}}`{name}`: begrebet findes ikke i ordlisten.{hint} Ret ordet, eller opret "
        "begrebet med 'python -m handbog ordliste ny \"{name}\"'.{others}",
        "Ordet i {term}`…` er stavet anderledes end begrebet og dets synonymer, eller "
        "begrebets fil i glossary/ mangler eller har en fejl.",
        "Ret ordet (beskeden foreslår det nærmeste), tilføj bøjningsformen som synonym, eller "
        "opret begrebet.",
        "docs/side.md:linje",
        {"name": "tidlige indsats", "hint": " Mente du 'tidlig indsats'?", "others": ""},
    ),
    Message(
        "ingen-toctree",
        "side",
        "En side står ikke i nogen indholdsfortegnelse",
        "siden står ikke i nogen indholdsfortegnelse (toctree), så læserne kan ikke finde den. "
        "Tilføj {name!r} til toctree i {parent}.",
        "En ny side er oprettet, men ikke tilføjet til mappens index.md.",
        "Tilføj filnavnet uden .md til toctree-blokken i mappens index.md.",
        "docs/mappe/side.md",
        {"name": "ny-side", "parent": "docs/erfaringer/index.md"},
    ),
    Message(
        "doc-ukendt",
        "side",
        "Et link peger på en side, der ikke findes",
        "{{doc}}`{target}` peger på en side, der ikke findes.{hint} Ret stien (uden .md, relativ "
        "til denne side eller med / fra docs/).{others}",
        "Stien i {doc}`…` er stavet forkert, eller siden er flyttet eller omdøbt.",
        "Ret stien; beskeden foreslår den nærmeste side.",
        "docs/side.md:linje",
        {
            "target": "../forudsaetninger/uden-myndighd",
            "hint": " Mente du 'forudsaetninger/uden-myndighed'?",
            "others": "",
        },
    ),
    Message(
        "billede",
        "side",
        "Et billede findes ikke",
        "billedet {name!r} findes ikke.{hint} Ret filnavnet (stien er relativ til siden), eller "
        "læg billedet i mappen.",
        "Filen, som ![…](…) eller {image} peger på, findes ikke, eller navnet er stavet forkert.",
        "Ret filnavnet, eller tilføj billedet; beskeden foreslår en fil fra samme mappe.",
        "docs/side.md:linje",
        {"name": "model.svg", "hint": " Mente du 'modellen.svg'?"},
    ),
    Message(
        "link-ukendt",
        "side",
        "Et link peger på et anker eller en side, der ikke findes",
        "linket til {target!r} virker ikke: {what}.{hint} Ret linket: en overskrift, et begreb "
        "eller et ID kan være omdøbt.{others}",
        "Et Markdown-link [tekst](#anker), [tekst](side.md#anker) eller [tekst](side.md) "
        "peger på en overskrift eller en side, der ikke (længere) findes.",
        "Ret ankeret eller stien; beskeden foreslår det nærmeste. Ankre laves af overskrifterne "
        "(små bogstaver, bindestreg mellem ordene).",
        "docs/side.md:linje",
        {
            "target": "#faglig-begrundlse",
            "what": "ankeret findes ikke på siden",
            "hint": " Mente du 'faglig-begrundelse'?",
            "others": "",
        },
    ),
    Message(
        "personoplysninger",
        "personoplysninger",
        "Noget ligner et CPR-nummer",
        "kolonne {column}: {what}",
        "En side, en tjekliste eller en ordlistefil indeholder ti cifre, der ligner et CPR-nummer.",
        "Fjern nummeret, eller skriv et eksempel uden cifre (fx »DDMMÅÅ-XXXX«).",
        "docs/side.md:linje",
        {"column": "12", "what": "teksten ligner et CPR-nummer. …"},
    ),
    Message(
        "afsnit",
        "afsnit",
        "Et behov mangler sit afsnit i rapporten, eller afsnittet findes ikke",
        "{need_id}: {what}",
        "Hver praksis, hvert redskab, opmærksomhedspunkt, kerneelement og hver forudsætning "
        "siger i :afsnit:, hvilket afsnit i rapporten det kommer fra. Feltet mangler, eller "
        "nummeret står ikke i rapportens indholdsfortegnelse (src/handbog/data/"
        "rapport-indhold.yaml).",
        "Skriv afsnittets nummer, fx ':afsnit: 3.3' (flere med komma). Beskeden foreslår det "
        "nærmeste nummer, der findes.",
        "docs/side.md:linje",
        {"need_id": "PR_X", "what": "afsnit '3.9' står ikke i rapporten. Mente du '3.3'?"},
    ),
    Message(
        "afsnit-indhold",
        "afsnit",
        "Rapportens indholdsfortegnelse kan ikke læses",
        "{what}",
        "Filen med rapportens afsnit (handbog_rapport_indhold i conf.py) har en fejl, eller "
        "{rapportafsnit} bruges i et projekt uden den.",
        "Ret linjen, som beskeden nævner, eller sæt handbog_rapport_indhold i conf.py.",
        "src/handbog/data/rapport-indhold.yaml:linje",
        {"what": "afsnit '3.3' står to gange"},
    ),
    Message(
        "termer",
        "termer",
        "Et ord, håndbogen undgår",
        "kolonne {column}: {what}",
        "Ordlisten siger, at et ord skal undgås (undgaa:) og hvilket ord der bruges i stedet "
        "(skriv:). Ordet står på en side, i en tjekliste eller i ordlisten uden for et citat.",
        "Skriv det ord, beskeden foreslår. Står ordet i et citat, så sæt citatet i anførselstegn.",
        "docs/side.md:linje",
        {"column": "12", "what": "'fagprofessionelle' undgås i håndbogen; skriv 'fagfolk'."},
    ),
    Message(
        "anfoerselstegn",
        "anfoerselstegn",
        "Andre anførselstegn end »…«",
        "kolonne {column}: {found} – håndbogen sætter citater og ord i »…«. Skriv »…« i stedet.",
        "Håndbogen bruger én slags anførselstegn, »…«, på siderne, i tjeklisterne og i "
        'ordlisten. Et andet slags („…“, “…” eller "…") står i en tekst uden for kode.',
        "Skriv »…« i stedet; tegnene kan kopieres herfra. Kode i `…` må beholde sine tegn, "
        "og et citat på et andet sprog må beholde sprogets egne, når det er markeret sådan: "
        "[“Quote”]{lang=en}.",
        "docs/side.md:linje",
        {"column": "12", "found": "„tidlig“"},
    ),
    Message(
        "soegning",
        "soegning",
        "Søgeindekset kunne ikke laves",
        "Søgeindekset kunne ikke laves med Pagefind ({what}). Installér håndbogen med "
        "'pip install -e .', så pagefind[bin] kommer med, og byg igen.",
        "Programmet, der laver søgeindekset (Pagefind), mangler eller fejlede. Siderne er "
        "bygget, men søgesiden finder intet.",
        "Installér håndbogen igen (README), og byg igen.",
        "(hele bygningen)",
        {"what": "programmet pagefind findes ikke"},
    ),
    Message(
        "tjekliste",
        "tjekliste",
        "En tjekliste har en fejl",
        "{what}",
        "En fil i checklists/ passer ikke til skemaet eller peger på et ID, der ikke findes.",
        "Ret linjen, som beskeden nævner; 'python -m handbog tjekliste valider' tjekker filen.",
        "checklists/fil.yaml:linje:kolonne",
        {"what": "afsnit 'foer' › punkt 'x' › tjekker: KI_VIVE2023 er en kilde; …"},
    ),
    Message(
        "pdf",
        "pdf",
        "Et PDF-modul nævner en side, der ikke findes",
        "{what}",
        "handbog_pdf_modules i conf.py nævner en side, der ikke findes, eller en side to gange.",
        "Ret listen i conf.py (eller bed en vedligeholder om det).",
        "conf.py",
        {"what": "PDF-modulet 'erfaringer' nævner siden 'x', som ikke findes i docs/. …"},
    ),
    Message(
        "udgivelse",
        "udgivelse",
        "Udgaven eller den offentlige adresse mangler",
        "{what}",
        "CHANGELOG.md har ingen '## Udgave …' øverst, eller en udgivelse (HANDBOG_RELEASE=1 "
        "eller Read the Docs) bygges uden HANDBOG_BASEURL. Bygningen stopper, før den læser "
        "siderne.",
        "Skriv udgaven øverst i CHANGELOG.md, eller sæt HANDBOG_BASEURL til håndbogens "
        "adresse (README.md, 'Udgivelse').",
        "CHANGELOG.md:1 eller ingen fil",
        {"what": "Det er en udgivelse (HANDBOG_RELEASE=1 eller Read the Docs), men … mangler."},
    ),
    Message(
        "sammenhaeng-uden-link",
        "link",
        "Siden forbinder to elementer, som modellen ikke forbinder",
        "sammenhaeng {element}: siden forbinder {element} med {target}, men modellen gør det "
        "ikke. Slet punktet; tilføj linket i modellen (:understoetter: eller "
        ":haenger_sammen_med:), hvis rapporten selv gør forbindelsen; eller mærk hele punktet "
        "som håndbogens tilføjelse.",
        "Et punkt i blokken ```{sammenhaeng} nævner en forudsætning eller et kerneelement, som "
        "hverken :understoetter:, :haenger_sammen_med: eller en fælles praksis knytter til "
        "sidens element. Boksene viser kun de forbindelser, modellen har, så siden ikke kan "
        "påstå en forbindelse, rapporten ikke gør.",
        "Slet punktet, eller tilføj linket ved elementet, hvis rapporten selv gør forbindelsen "
        "(nævn afsnittet i :afsnit:). Er forbindelsen håndbogens egen tolkning, så skriv hele "
        "punktets tekst med {tilfoejelse}`…`.",
        "docs/kerneelementer/side.md:linje",
        {"element": "KE_KOMPETENCER", "target": "FO_FAELLES_BOERNESYN"},
    ),
    Message(
        "sammenhaeng-ukendt",
        "link",
        "Blokken om sammenhæng nævner et element, der ikke findes",
        "sammenhaeng {target}: der er ingen forudsætning eller noget kerneelement med det ID. "
        "Ret ID'et i blokken.",
        "Blokken ```{sammenhaeng} på en side om et element nævner et ID, der er stavet forkert "
        "eller er fjernet.",
        "Skriv ID'et på sidens eget element (FO_… eller KE_…), det samme som i blokken øverst "
        "på siden.",
        "docs/kerneelementer/side.md:linje",
        {"target": "KE_FORALDRESAMARBEJDE"},
    ),
    Message(
        "tilgaengelighed-maaling",
        "tilgaengelighed",
        "Resultaterne af tilgængelighedstestene kan ikke læses",
        "{path} kan ikke læses som resultater af tilgængelighedstestene ({what}). Slet filen, og "
        "kør testene igen (pytest -m browser tests/test_accessibility.py), så de skriver den "
        "forfra.",
        "Siden om tilgængelighed citerer, hvad testene målte, fra en fil, som testene skriver. "
        "Filen er ødelagt eller skrevet af en ældre udgave af testene.",
        "Slet filen, og kør browser-testene af tilgængeligheden igen.",
        "build/tilgaengelighed.json",
        {"path": "build/tilgaengelighed.json", "what": "JSONDecodeError"},
    ),
    # -- A municipal edition (handbog kommune byg; handbog.kommune) ----------------------------
    Message(
        "kommune-toml",
        "kommune",
        "kommune.toml kan ikke bruges",
        "{what}",
        "En kommuneudgaves kommune.toml har en tastefejl, et felt, der ikke findes, mangler et "
        "felt, eller en farve er for svag at læse mod baggrunden (kontrast under 4,5:1).",
        "Ret linjen, som beskeden nævner; den foreslår det nærmeste navn på et felt. Se siden "
        "»Kommuneudgaver« for felterne.",
        "kommune.toml:linje",
        {"what": "'kontak' kendes ikke her. Mente du 'kontakt'? Tilladt: navn, kode, kontakt, …"},
    ),
    Message(
        "kommune-anker",
        "kommune",
        "En lokal boks' anker findes ikke i kernen",
        "ankeret {anchor} findes ikke i kernen (håndbogen, udgave {edition}).{hint} Ret ankeret "
        "til ID'et på den praksis, boksen skal stå efter.",
        "En lokal boks skal stå efter en praksis i kernen, men ID'et i »anker:« er stavet "
        "forkert, eller praksissen er fjernet eller omdøbt i en ny udgave af kernen.",
        "Skriv ID'et på den praksis, boksen skal stå efter; beskeden foreslår det nærmeste.",
        "bokse/boks.md:linje",
        {
            "anchor": "PR_SR_TILGANGELIGHED",
            "edition": "2026.1",
            "hint": " Mente du 'PR_SR_TILGAENGELIGHED'?",
        },  # fmt: skip
    ),
    Message(
        "kommune-aendringslog",
        "kommune",
        "Den lokale udgave har intet nummer og ingen dato",
        "{changelog} siger ikke, hvilken udgave og fra hvornår den lokale udgave er. Skriv "
        "øverst en overskrift som »## Udgave 1 – december 2026«.",
        "Forsiden og kolofonen i hver PDF nævner den lokale udgaves nummer og dato ved siden af "
        "kernens. Begge læses af den øverste overskrift i udgavens CHANGELOG.md.",
        "Skriv en overskrift med »## Udgave«, nummeret, en tankestreg og datoen.",
        "CHANGELOG.md:linje",
        {"changelog": "CHANGELOG.md"},
    ),
    Message(
        "kommune-tjekliste",
        "kommune",
        "Et lokalt tjekpunkt nævner en tjekliste eller et afsnit, der ikke findes",
        "{what} findes ikke i {where}.{hint} Kendte: {known}.",
        "[[tjekpunkt]] i kommune.toml skal sige, hvilken tjekliste i kernen og hvilket afsnit "
        "i den punktet hører til. Navnet er stavet forkert, eller det er ændret i en ny udgave "
        "af kernen.",
        "Ret tjekliste eller afsnit til et af de kendte id'er; beskeden foreslår det nærmeste.",
        "kommune.toml:linje",
        {
            "what": "tjeklisten 'opstrat'",
            "where": "kernen",
            "hint": " Mente du 'opstart'?",
            "known": "opstart, foraeldremoede",
        },  # fmt: skip
    ),
    Message(
        "kommune-tjekker",
        "kommune",
        "Et lokalt tjekpunkt tjekker noget, der ikke findes i kernen",
        "tjekker = [{target}, …], men {target} er ikke en praksis, et redskab, en forudsætning, "
        "et kerneelement eller et opmærksomhedspunkt i kernen.{hint} Ret ID'et.",
        "Et lokalt tjekpunkt linker til det i kernen, det tjekker, og linket tjekkes lige så "
        "strengt som kernens egne tjekpunkters.",
        "Ret ID'et; beskeden foreslår det nærmeste.",
        "kommune.toml:linje",
        {"target": "PR_SR_TILGANGELIGHED", "hint": " Mente du 'PR_SR_TILGAENGELIGHED'?"},
    ),
    Message(
        "kommune-begreb",
        "kommune",
        "Et lokalt begreb findes allerede i kernens ordliste",
        "{name!r} står allerede i kernens ordliste ({core}). Et ord må kun føre til ét "
        "begreb: giv det lokale begreb et andet navn, eller slet filen og brug kernens.",
        "En kommuneudgave kan tilføje begreber til ordlisten, men ikke give et af kernens "
        "begreber eller synonymer en ny betydning.",
        "Giv det lokale begreb et navn, kernen ikke bruger, eller brug kernens begreb.",
        "ordliste/begreb.yaml:linje",
        {"name": "tidlig indsats", "core": "tidlig-indsats.yaml"},
    ),
    Message(
        "kommune-begreb-linje1",
        "kommune",
        "Et lokalt begreb begynder ikke med en kommentar",
        "første linje skal være en kommentar, fx '# Eksempel Kommunes eget begreb'. "
        "handbog kommune byg sætter skemaets adresse ind dér.",
        "Kernens begreber har skemaets adresse i første linje, så editoren kan hjælpe. En "
        "kommuneudgave har ikke skemaet ved siden af sig, så bygningen skriver adressen i sin "
        "kopi af filen; den første linje skal derfor være en kommentar, så alle andre linjer "
        "står, hvor du skrev dem.",
        "Indsæt en kommentar, der begynder med #, som linje 1.",
        "ordliste/begreb.yaml:1",
    ),
    Message(
        "kommune-kilde-lokal",
        "kommune",
        "En lokal kilde siger ikke, at den er lokal",
        "posten {bibkey} skal have keywords = {{lokal}}, så litteraturlisten viser, at kilden er "
        "kommuneudgavens egen. Skriv linjen i posten.",
        "Kilderne i kilder.bib står i litteraturlisten sammen med kernens. Feltet keywords "
        "siger, hvor en kilde kommer fra; en lokal kilde må ikke se ud, som om den stod i "
        "rapportens litteraturliste.",
        "Skriv keywords = {lokal} i posten, og intet andet ord.",
        "kilder.bib:linje",
        {"bibkey": "eksempelkommune2026"},
    ),
    Message(
        "kommune-kilde-noegle",
        "kommune",
        "En lokal kilde har samme nøgle som en af kernens",
        "nøglen {bibkey} bruges allerede i kernens litteraturliste. Giv den lokale post en anden "
        "nøgle, fx med kommunens navn foran.",
        "En nøgle må kun pege på ét værk, ellers ved {cite} ikke, hvilket der menes.",
        "Giv posten i kilder.bib en ny nøgle, og ret henvisningerne til den.",
        "kilder.bib:linje",
        {"bibkey": "vive2023"},
    ),
    Message(
        "kommune-anker-overskrift",
        "kommune",
        "En lokal boks' overskrift findes ikke i kernen",
        "{what} findes ikke i {where}.{hint} Ret ankeret, fx anker: "
        "kerneelementer/samarbejdsrelationer.md#Tilgængelighed.",
        "En lokal boks kan stå under en overskrift i kernen: »anker:« nævner siden (stien i "
        "kernens docs/) og overskriftens tekst efter #. Siden eller overskriften er stavet "
        "forkert, eller den er ændret i en ny udgave af kernen.",
        "Ret stien eller overskriften; beskeden foreslår den nærmeste.",
        "bokse/boks.md:linje",
        {
            "what": "overskriften 'Tilgængelig'",
            "where": "siden kerneelementer/x.md",
            "hint": " Mente du 'Tilgængelighed'?",
        },  # fmt: skip
    ),
    Message(
        "kommune-lokalt-id",
        "kommune",
        "Et lokalt ID nævner ikke kommunen",
        "det lokale ID {need_id} skal begynde med {prefix} (LO_ og kommunens kode fra "
        "kommune.toml), fx {example}.",
        "En lokal praksis har et ID, der ikke begynder med LO_ og kommunens kode. Koden gør, at "
        "to kommuners lokale ID'er aldrig er ens.",
        "Ret ID'et, så det begynder med LO_ og koden fra kommune.toml.",
        "sider/side.md:linje",
        {"need_id": "LO_MOEDEFORUM", "prefix": "LO_EKSEMPEL_", "example": "LO_EKSEMPEL_MOEDEFORUM"},
    ),
    Message(
        "kommune-udeladt",
        "kommune",
        "Det, der er udeladt lokalt, er ikke en praksis i kernen",
        "{need_id} er ikke en praksis eller et redskab i kernen, så den kan ikke udelades.{hint} "
        "Ret ID'et.",
        "[[udeladt]] i kommune.toml nævner et ID, der er stavet forkert, eller som ikke er en "
        "praksis eller et redskab (kun de kan udelades).",
        "Ret ID'et; beskeden foreslår det nærmeste.",
        "kommune.toml:linje",
        {"need_id": "HR_BI_SIGNS_OF_SAFTEY", "hint": " Mente du 'HR_BI_SIGNS_OF_SAFETY'?"},
    ),
    Message(
        "kommune-kerne-udgave",
        "kommune",
        "Udgaven bygger på en anden udgave af kernen end den installerede",
        "udgaven bygger på kernens udgave {recorded}, men den installerede håndbog er udgave "
        "{installed}. Se, hvad der er ændret, og flyt udgaven med: handbog kommune opdater "
        "--til {installed}. Vil du blive på {recorded}, så installér den: pip install "
        "handbog=={recorded} (pakkens version er kernens udgave).",
        "kerne.json i udgavens mappe siger, hvilken udgave af kernen udgaven sidst er bygget "
        "og tjekket med. Den installerede håndbog er en anden, fx fordi pip har hentet en ny.",
        "Flyt udgaven til den installerede udgave med handbog kommune opdater, læs rapporten, "
        "og ret det, den nævner; eller installér den udgave af håndbogen, kerne.json nævner.",
        "kerne.json",
        {"recorded": "2026.1", "installed": "2026.2"},
    ),
    Message(
        "kommune-opdater-udgave",
        "kommune",
        "Den installerede håndbog er ikke den udgave, der skal opdateres til",
        "den installerede håndbog er udgave {installed}, ikke {wanted}. Installér først "
        "udgave {wanted}: pip install handbog=={wanted} (pakkens version er kernens udgave), "
        "og kør så handbog kommune opdater --til {wanted} igen.",
        "handbog kommune opdater sammenligner med den installerede kerne, så den udgave, du "
        "vil opdatere til, skal være installeret først.",
        "Installér udgaven med pip, og kør kommandoen igen.",
        "kommandolinjen",
        {"installed": "2026.1", "wanted": "2026.2"},
    ),
)

BY_KEY: Mapping[str, Message] = {m.key: m for m in CATALOGUE}

#: Warnings of other packages that the handbook replaces with its own, and the message that
#: says it in Danish at the source (never by reading the log).
REPLACED: Mapping[str, str] = {
    "bibtex.key_not_found": "cite-ukendt",
    "ref.term": "term-ukendt",
    "ref.doc": "doc-ukendt",
    "image.not_readable": "billede",
    "myst.directive_unknown": "ukendt-blok",
    "myst.role_unknown": "ukendt-rolle",
    "myst.xref_missing": "link-ukendt",
    "toc.not_included": "ingen-toctree",
    "needs.link_target_type": "forkert-linktype",
    "needs.link_outgoing": "ukendt-id",
    "needs.link_ref": "need-ukendt",
    # the same duplicate, when two pages are read in different processes (-j)
    "needs.duplicate_id": "dublet-id",
    # sphinx-needs' schema check of enum fields: no file, no line, a few of the values
    "sn_schema_violation.field_fail": "feltvaerdi",
}


def text(key: str, need_id: str | None = None, **values: Any) -> str:
    return BY_KEY[key].text(need_id, **values)


def warn(key: str, location: Any = None, /, need_id: str | None = None, **values: Any) -> None:
    """Log message ``key`` as a build warning at ``location`` (docname and line, a node, or
    "path:line")."""
    message = BY_KEY[key]
    LOGGER.warning(
        message.text(need_id, **values), location=location, type="handbog", subtype=message.subtype
    )


def others(places: list[str], noun: str = "steder") -> str:
    """ " 2 andre steder bruger det samme: a.md:3, b.md:9." for the rest of a cascade."""
    if not places:
        return ""
    shown = ", ".join(places[:5]) + (" …" if len(places) > 5 else "")
    count = f"{len(places)} andet sted" if len(places) == 1 else f"{len(places)} andre {noun}"
    return f" ({count} bruger det samme: {shown}.)"


def _suppress_replaced(_app: Sphinx, config: Any) -> None:
    missing = [w for w in REPLACED if w not in config.suppress_warnings]
    if missing:
        config.suppress_warnings = [*config.suppress_warnings, *missing]


#: What a message quotes that is typed, not read: a command, a field, a character, MyST's
#: syntax or an example of the wrong quotation marks. A terminal has one font, so the message
#: marks a command with '…'; the page sets it in code instead (without those quotes), so that
#: the handbook's own text keeps one quotation style, »…«, on the page and in the editors' PDF
#: (issue 23). MyST (``{term}`…```, a fence, ``[…]{lang=en}``, a lone backtick) and the wrong
#: marks are shown whole.
_TYPED = re.compile(
    r"(?:^|(?<=[\s(]))'(?P<quoted>[^'\n]+?)'(?!\w)"
    r"|(?P<whole>\[[^\]\s]*\]\{[^}\s]*\}|```(?:\{[\w:-]*\}?)?|(?:\{[\w:-]+\})?`[^`\n]+`"
    r"|„[^„“]*“|“[^“”]*”|\"[^\"]*\"|(?<=\s)`(?=[\s,.;)]))"
)


def _with_code(body: str) -> list[nodes.Node]:
    """``body`` as text, with what it quotes for typing (:data:`_TYPED`) as code."""
    parts: list[nodes.Node] = []
    at = 0
    for match in _TYPED.finditer(body):
        typed = match.group("quoted") or match.group("whole")
        parts += [nodes.Text(body[at : match.start()]), nodes.literal(typed, typed)]
        at = match.end()
    return [*parts, nodes.Text(body[at:])]


class TroubleshootingDirective(SphinxDirective):
    """``{fejlbeskeder}``: every message of :data:`CATALOGUE`, with what it means and the fix."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        for message in CATALOGUE:
            section = nodes.section(ids=[f"besked-{message.key}"])
            section += nodes.title(text=message.title)
            values = {name: message.example.get(name, "…") for name in message.fields}
            values.pop("need_id", None)
            example = message.text(message.example.get("need_id"), **values)
            line = f"{message.where}: WARNING: {example} [handbog.{message.subtype}]"
            # inline, not a code block: the long line wraps on a phone, and is not highlighted
            example_para = nodes.paragraph(classes=["handbog-fejlbesked"])
            example_para += nodes.literal(line, line)
            section += example_para
            for label, body in (
                ("Hvad betyder det?", message.meaning),
                ("Sådan retter du", message.fix),
            ):
                para = nodes.paragraph()
                para += nodes.strong(text=f"{label} ")
                para += _with_code(body)
                section += para
            result.append(section)
        replaced = nodes.paragraph()
        replaced += nodes.Text(
            "Disse advarsler fra Sphinx og dets udvidelser vises ikke; håndbogens egen besked "
            "siger det samme på dansk: "
            + "; ".join(f"{w} → {BY_KEY[k].title.lower()}" for w, k in REPLACED.items())
            + "."
        )
        result.append(replaced)
        return result


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _suppress_replaced)
    app.add_directive("fejlbeskeder", TroubleshootingDirective)
