"""jifen scan benchmark: how many corpus frames each decoder and the full pipeline read, and how fast.

Prints figures only; nothing here passes or fails on a timing. See bench/README.md.

    .venv/bin/python bench/scan_bench.py            # 500 frames with a code + 50 without: ~3 min, and
                                                    # ~1.5 min more the first time, to make the corpus
    .venv/bin/python bench/scan_bench.py --quick    # 60 + 10 frames, one run each: a smoke run
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from terminal.codes import Trust, verify_code
from terminal.scan import DECODERS, DEFAULT_DECODER, find_codes, make_decoder
from tests.helpers.scan_corpus import (
    MERCHANT,
    CorpusFrame,
    Scene,
    build_corpus,
    member_signers,
)

TARGET_SHARE = 0.99
TARGET_P95_MS = 20.0
TARGET_SPEEDUP = 4.0
Reader = Callable[[np.ndarray], list[str]]


@dataclass
class Figures:
    name: str
    times: list[float] = field(default_factory=list)
    read: int = 0
    frames: int = 0
    wrong: int = 0  # a text read that is not the frame's code
    misses: list[Scene] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.read / self.frames if self.frames else 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")

    def line(self) -> str:
        return (f"{self.name:<24} decoded {self.read:>4}/{self.frames:<4} {100 * self.share:6.1f} %   "
                f"p50 {self.percentile(0.50):6.2f} ms   p95 {self.percentile(0.95):6.2f} ms   "
                f"mean {1000 * statistics.fmean(self.times):6.2f} ms")


def _measure(name: str, read: Reader, frames: list[tuple[CorpusFrame, np.ndarray]], repeat: int) -> Figures:
    figures = Figures(name)
    for corpus_frame, image in frames:
        best, texts = float("inf"), []
        for _ in range(repeat):  # the fastest of a few runs: the cost of the work, not of a noisy neighbour
            start = time.perf_counter()
            texts = read(image)
            best = min(best, time.perf_counter() - start)
        figures.times.append(best)
        if corpus_frame.scene is None:
            figures.wrong += len(texts)
            continue
        figures.frames += 1
        if corpus_frame.scene.code in texts:
            figures.read += 1
        else:
            figures.misses.append(corpus_frame.scene)
        figures.wrong += sum(text != corpus_frame.scene.code for text in texts)
    return figures


def _image(path: Path) -> np.ndarray:
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        raise SystemExit(f"{path} is not readable: delete the corpus folder to make it again")
    return image


def _raw_pyzbar() -> Reader:
    from pyzbar import pyzbar  # type: ignore[import-untyped]

    return lambda image: [r.data.decode("utf-8", "replace") for r in pyzbar.decode(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))]


def _full_frame(decoder_name: str) -> Reader:
    decoder = make_decoder(decoder_name)
    return lambda image: decoder.decode(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))


def _pipeline(decoder_name: str) -> Reader:
    decoder = make_decoder(decoder_name)
    return lambda image: find_codes(image, decoder)


def _conditions(scene: Scene) -> list[str]:
    module = scene.width_px / (41 if len(scene.code) < 200 else 57)
    found = [f"{'kind 1 (v6)' if len(scene.code) < 200 else 'kind 2 (v10)'}", f"{module:.1f} px/module",
             f"{scene.surface}", f"tilt {scene.tilt:.0f}°"]
    found += ["dark mode"] * scene.dark_mode + [f"glare {scene.glare:.0f}"] * bool(scene.glare)
    found += [f"moiré {scene.moire:.2f}"] * bool(scene.moire) + [f"blur σ {scene.blur_sigma:.1f}"] * bool(scene.blur_sigma)
    found += [f"motion {scene.motion_px:.1f} px"] * bool(scene.motion_px)
    return found


def _corpus_summary(scenes: list[Scene]) -> str:
    widths = sorted(s.width_px for s in scenes)
    return (f"{len(scenes)} frames 1280×720 with a code: widths {widths[0]:.0f}–{widths[-1]:.0f} px (median "
            f"{statistics.median(widths):.0f}), {sum(len(s.code) > 200 for s in scenes)} kind-2 (QR v10), "
            f"{sum(s.surface == 'phone' for s in scenes)} on a phone ({sum(s.dark_mode for s in scenes)} dark mode, "
            f"{sum(bool(s.moire) for s in scenes)} with moiré), {sum(bool(s.glare) for s in scenes)} with glare, "
            f"{sum(s.tilt > 25 for s in scenes)} tilted over 25°, {sum(bool(s.motion_px) for s in scenes)} with motion blur")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--frames", type=int, default=500, help="frames with a code (default 500)")
    parser.add_argument("--empty", type=int, default=50, help="frames without a code (default 50)")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3, help="runs per frame; the fastest counts (default 3)")
    parser.add_argument("--cache-dir", type=Path, default=None, help="where the corpus is kept (default /tmp)")
    parser.add_argument("--quick", action="store_true", help="60 + 10 frames, one run each")
    parser.add_argument("--misses", action="store_true", help="list every frame the default pipeline missed")
    args = parser.parse_args(argv)
    if args.quick:
        args.frames, args.empty, args.repeat = 60, 10, 1

    started = time.perf_counter()
    corpus = build_corpus(args.frames, args.empty, args.seed, args.cache_dir)
    frames = [(item, _image(item.path)) for item in corpus]
    with_code = [pair for pair in frames if pair[0].scene is not None]
    without = [pair for pair in frames if pair[0].scene is None]
    print(f"corpus: {corpus[0].path.parent} (ready in {time.perf_counter() - started:.1f} s)")
    print("corpus: " + _corpus_summary([item.scene for item, _ in with_code if item.scene is not None]))
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, load average "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}; OpenCV {cv2.__version__} with {cv2.getNumThreads()} threads; "
          f"best of {args.repeat} runs per frame")
    print()

    readers: list[tuple[str, Reader]] = [("raw.pyzbar (baseline)", _raw_pyzbar())]
    readers += [(f"full.{name}", _full_frame(name)) for name in DECODERS]
    readers += [(f"pipeline.{name}", _pipeline(name)) for name in DECODERS]
    results = {name: _measure(name, read, with_code, args.repeat) for name, read in readers}
    empties = {name: _measure(name, read, without, args.repeat) for name, read in readers if name.startswith("pipeline")}
    for figures in results.values():
        print(figures.line())
    print()
    for name, figures in empties.items():
        print(f"{name + ' (no code)':<24} {len(figures.times)} frames, {figures.wrong} texts read   "
              f"p50 {figures.percentile(0.5):6.2f} ms   p95 {figures.percentile(0.95):6.2f} ms")
    print()

    baseline = results["raw.pyzbar (baseline)"]
    for name in DECODERS:
        pipe = results[f"pipeline.{name}"]
        speed50 = baseline.percentile(0.5) / pipe.percentile(0.5)
        speed95 = baseline.percentile(0.95) / pipe.percentile(0.95)
        marks = [f"decoded {100 * pipe.share:.1f} % (target ≥ {100 * TARGET_SHARE:.0f} %)",
                 f"p95 {pipe.percentile(0.95):.2f} ms (target ≤ {TARGET_P95_MS:.0f} ms)",
                 (f"vs raw pyzbar {speed50:.1f}× at p50, {speed95:.1f}× at p95 (target ≥ {TARGET_SPEEDUP:.0f}×) "
                  f"decoding {100 * pipe.share:.1f} % vs {100 * baseline.share:.1f} %")]
        print(f"target.pipeline.{name:<7} " + "; ".join(marks))
    wrong = {name: figures.wrong for name, figures in results.items() if figures.wrong}
    print(f"texts read that were not the frame's code: {wrong or 'none'}")

    signer = member_signers(args.seed)[2]
    trust = Trust.of(MERCHANT, [signer.public_key()])
    default = results[f"pipeline.{DEFAULT_DECODER}"]
    verified = sum(verify_code(item.scene.code, trust).member_id is not None for item, _ in with_code if item.scene)
    print(f"codes of the corpus that verify with the merchant key: {verified}/{len(with_code)}")
    print(f"default decoder: {DEFAULT_DECODER}")
    misses = default.misses if args.misses else default.misses[:10]
    if misses:
        print(f"\nmissed by pipeline.{DEFAULT_DECODER} ({len(default.misses)}):")
        for scene in misses:
            print("  " + ", ".join(_conditions(scene)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
