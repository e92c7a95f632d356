"""``marsad train``: rebuild the shipped models from gold (see ``marsad.learn.training``)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from marsad.cli import main


def _set(spec: str, articles: Path, places: tuple[Path, ...]) -> object:
    from marsad.learn.training import GoldSet

    gold = Path(spec)
    own = gold / "places.json"
    files = [*places, own] if own.is_file() and own not in places else list(places)
    return GoldSet(gold.name if gold.name != "gold" else "shared", gold, articles, files)


@main.command(
    epilog=(
        "\b\nExample (the shipped models):\n"
        "  marsad train --gold ../shared/gold --gold eval/corpus_gold/A \\\n"
        "      --gold eval/corpus_gold/B --articles ../shared/corpus \\\n"
        "      --places ../shared/gold/places.json --claims eval/gold \\\n"
        "      --out src/marsad/models\n"
    )
)
@click.option("--gold", "golds", multiple=True, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A folder of gold files (annotation.md); repeat for several sets. Its own places.json is used for its places.")
@click.option("--articles", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The folder of the articles the gold files are named after.")
@click.option("--places", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Places files read for every set, before its own.")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Where the models go.")
@click.option("--scorer", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="score_gold.py (default: tools/score_gold.py beside the first gold folder).")
@click.option("--folds", default=5, show_default=True, help="Cross-validation folds (split by outlet).")
@click.option("--seed", default=13, show_default=True)
@click.option("--claims", "claims_gold", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="A folder of claim gold (eval/gold: seeds.json, corpus.json) for the claim confidence model.")
@click.option("--seeds", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="The folder of the documents seeds.json names (default: seeds beside --articles).")
@click.option("--date", "run_date", default=None, help="The date written in the data cards (default: today).")
def train(golds: tuple[Path, ...], articles: Path, places: tuple[Path, ...], out: Path, scorer: Path | None,
          folds: int, seed: int, claims_gold: Path | None, seeds: Path | None, run_date: str | None) -> None:
    """Train every model from gold, cross-validated by outlet, and write them with data cards.

    Needs the training extra: pip install -e '.[train]'."""
    try:
        from marsad.learn.training import Params
        from marsad.learn.training import train as run
    except ModuleNotFoundError as exc:  # scikit-learn is a training-time dependency only
        raise click.ClickException(f"{exc.name} is missing: pip install -e '.[train]'") from None
    sets = [_set(str(g), articles, places) for g in golds]
    scorer = scorer or golds[0].parent / "tools" / "score_gold.py"
    if not scorer.is_file():
        raise click.ClickException(f"{scorer}: no scorer there (give --scorer)")
    params = Params(folds=folds, seed=seed)
    trained = run(sets, params, scorer)  # type: ignore[arg-type]
    from marsad.learn.training import train_claims, write

    if claims_gold is not None:
        folders = {"seeds": seeds or articles.parent / "seeds", "corpus": articles}
        model, figures = train_claims(sorted(claims_gold.glob("*.json")), folders, params)
        model.card = {"model": "claims", "trained_on": "claims", "cross_validated": figures, "params": {"c": params.modality_c, "folds": folds}}
        trained.models["claims"] = model
        trained.figures["claims"] = figures

    sources = {s.name: str(s.gold) for s in sets}
    if claims_gold is not None:
        sources["claims"] = str(claims_gold)
    for path in write(trained, out, run_date, sources):
        click.echo(f"wrote {path}", err=True)
    click.echo(json.dumps(trained.figures, indent=1))
