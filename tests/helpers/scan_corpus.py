"""Frames as a counter webcam sees a member code: on a card or a phone, held at an angle, at any size.

Every frame is 1280×720, made from a seed: a cluttered counter, the card or phone warped by a 3-D
tilt (up to 35°) and an in-plane rotation, then the camera's faults: defocus and motion blur, sensor
noise, glare, screen moiré, dark-mode codes (light modules on a dark screen), and MJPEG compression.
The corpus of the scan benchmark is kept under /tmp, named after this file's source and the seed.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import shutil
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import qrcode  # type: ignore[import-untyped]
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from terminal.codes import issue_code
from terminal.keys import CodeSigner, certify, key_id, raw_public

WIDTH, HEIGHT = 1280, 720
FOCAL = 1100.0  # px: a 720p webcam with a ~60° horizontal field of view
MAX_TILT = 35.0
TEXEL = 8  # texture pixels per QR module before the warp
QUIET = 4  # modules of quiet zone, as printed
MIN_MODULE_PX = 120 / 41  # a kind-1 member code (QR version 6, 41 modules) 120 px wide
MERCHANT = "bench"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


@dataclass(frozen=True)
class Scene:
    """How one frame was made: enough to make it again and to sort the results by condition."""

    code: str
    surface: str  # card | phone
    dark_mode: bool  # light modules on a dark screen
    width_px: float  # the QR symbol's width in the frame if it faced the camera
    rotation: float  # in-plane, degrees
    tilt: float  # degrees between the code's normal and the camera axis
    tilt_towards: float  # direction of the tilt, degrees
    centre: tuple[float, float]
    blur_sigma: float
    motion_px: float
    motion_angle: float
    noise_sigma: float
    glare: float  # added brightness at the glare's centre, 0 for none
    glare_spot: tuple[float, float, float]  # centre (in code widths from the code's centre) and radius
    moire: float  # fringe contrast, 0 for none
    moire_period: float
    moire_angle: float
    gain: float
    jpeg_quality: int
    seed: int


def member_signers(seed: int) -> tuple[CodeSigner, CodeSigner, Ed25519PrivateKey]:
    """A merchant key and a certified terminal key made from the seed; codes of both kinds."""
    merchant = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(f"merchant {seed}".encode()).digest())
    terminal = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(f"terminal {seed}".encode()).digest())
    by_merchant = CodeSigner(MERCHANT, merchant, key_id(merchant))
    by_terminal = CodeSigner(MERCHANT, terminal, key_id(merchant), certify(merchant, MERCHANT, raw_public(terminal)))
    return by_merchant, by_terminal, merchant


def random_code(rng: random.Random, signers: tuple[CodeSigner, CodeSigner], terminal_share: float = 0.2) -> str:
    member = "M" + "".join(rng.choice(_CROCKFORD) for _ in range(12))
    issued = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(90 * 86400))
    return issue_code(signers[1] if rng.random() < terminal_share else signers[0], member, issued)


def random_scene(rng: random.Random, code: str, min_module: float = MIN_MODULE_PX, max_width: float = 620.0) -> Scene:
    """Sizes are drawn log-uniformly from ``min_module`` pixels per module (120 px for a kind-1 code) up.

    Blur is drawn in modules, not pixels: the same hand movement smears a near (large) code over more
    pixels, and a fixed-focus webcam defocuses near codes most. A little lens softness is added on top.
    """
    surface = "phone" if rng.random() < 0.6 else "card"
    symbol_modules = _modules(code).shape[0] - 2 * QUIET
    width = math.exp(rng.uniform(math.log(min_module * symbol_modules), math.log(max_width)))
    module = width / symbol_modules
    rotation, tilt, towards = rng.uniform(0, 360), MAX_TILT * math.sqrt(rng.random()), rng.uniform(0, 360)
    quiet_ratio = 1 + 2 * QUIET / symbol_modules
    while True:  # the whole code and its quiet zone in view: shrink a code that cannot fit
        corners = _projected(width, rotation, tilt, towards, (0.0, 0.0), quiet_ratio)
        low, high = corners.min(axis=0), corners.max(axis=0)
        if high[0] - low[0] < WIDTH - 4 and high[1] - low[1] < HEIGHT - 4:
            break
        width *= 0.95
    centre = (rng.uniform(2 - float(low[0]), WIDTH - 2 - float(high[0])), rng.uniform(2 - float(low[1]), HEIGHT - 2 - float(high[1])))
    return Scene(
        code=code,
        surface=surface,
        dark_mode=surface == "phone" and rng.random() < 0.4,
        width_px=round(width, 1),
        rotation=round(rotation, 1),
        tilt=round(tilt, 1),
        tilt_towards=round(towards, 1),
        centre=(round(centre[0], 1), round(centre[1], 1)),
        blur_sigma=round(rng.uniform(0, 0.6) + module * rng.choice([0.0, rng.uniform(0.05, 0.2), rng.uniform(0.15, 0.3)]), 2),
        motion_px=round(module * rng.uniform(0.3, 1.0), 1) if rng.random() < 0.2 else 0.0,
        motion_angle=round(rng.uniform(0, 180), 1),
        noise_sigma=round(rng.uniform(1.5, 7), 1),
        glare=round(rng.uniform(60, 190), 0) if rng.random() < (0.45 if surface == "phone" else 0.2) else 0.0,
        glare_spot=(round(rng.uniform(-0.4, 0.4), 2), round(rng.uniform(-0.4, 0.4), 2), round(rng.uniform(0.08, 0.3), 2)),
        moire=round(rng.uniform(0.06, 0.22), 2) if surface == "phone" and rng.random() < 0.6 else 0.0,
        moire_period=round(rng.uniform(5, 28), 1),
        moire_angle=round(rng.uniform(0, 180), 1),
        gain=round(rng.uniform(0.7, 1.15), 2),
        jpeg_quality=rng.randrange(60, 92),
        seed=rng.randrange(2**31),
    )


def _projected(width_px: float, rotation: float, tilt: float, towards: float, centre: tuple[float, float],
               span: float) -> np.ndarray:
    """Where the corners of a square ``span`` symbol-widths wide, centred on the code, land in the frame."""
    axis = np.array([math.cos(math.radians(towards)), math.sin(math.radians(towards)), 0.0]) * math.radians(tilt)
    tilted, _ = cv2.Rodrigues(axis)
    angle = math.radians(rotation)
    spin = np.array([[math.cos(angle), -math.sin(angle), 0], [math.sin(angle), math.cos(angle), 0], [0, 0, 1]])
    distance = FOCAL / width_px  # the symbol is 1 unit wide
    corners = []
    for x, y in ((-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)):
        point = tilted @ spin @ np.array([x * span, y * span, 0.0]) + np.array([0, 0, distance])
        corners.append((centre[0] + FOCAL * point[0] / point[2], centre[1] + FOCAL * point[1] / point[2]))
    return np.array(corners, np.float32)


def _modules(code: str) -> np.ndarray:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET)
    qr.add_data(code)
    qr.make(fit=True)
    return np.array(qr.get_matrix(), dtype=bool)


def _surface_texture(scene: Scene, rng: np.random.Generator) -> tuple[np.ndarray, tuple[float, float], float]:
    """The card or phone as a flat BGR picture; returns it, the QR centre in it and the QR's width in texels."""
    modules = _modules(scene.code)
    side = modules.shape[0] * TEXEL
    symbol = (modules.shape[0] - 2 * QUIET) * TEXEL
    dark, light = (rng.uniform(10, 45), rng.uniform(170, 235)) if scene.dark_mode else (rng.uniform(0, 40), rng.uniform(215, 255))
    ink = np.where(modules, dark if not scene.dark_mode else light, light if not scene.dark_mode else dark)
    qr = cv2.resize(ink.astype(np.float32), (side, side), interpolation=cv2.INTER_NEAREST)
    if scene.surface == "card":
        h, w = int(side * 1.25), int(side * 2.0)
        card = np.full((h, w, 3), rng.uniform(200, 250, 3), np.uint8)
        card[int(h * 0.1):int(h * 0.2), int(w * 0.05):int(w * 0.9)] = rng.uniform(60, 160, 3)
        for row in range(3):
            y = int(h * (0.3 + 0.15 * row))
            cv2.putText(card, "MEMBER CARD  No. 0" + str(row), (int(w * 0.05), y), cv2.FONT_HERSHEY_SIMPLEX,
                        side / 400, tuple(float(v) for v in rng.uniform(20, 90, 3)), max(1, side // 150))
        texture = card.astype(np.float32)
        x0, y0 = w - side - int(w * 0.04), (h - side) // 2 + int(h * 0.08)
        texture[y0:y0 + side, x0:x0 + side] = qr[..., None]
    else:
        screen_w, screen_h = int(side * 1.15), int(side * 2.1)
        bezel = int(side * 0.08)
        texture = np.full((screen_h + 2 * bezel, screen_w + 2 * bezel, 3), rng.uniform(5, 30), np.float32)
        screen = np.full((screen_h, screen_w, 3), dark if scene.dark_mode else light, np.float32)
        y_qr = int(screen_h * 0.3)
        x_qr = (screen_w - side) // 2
        screen[y_qr:y_qr + side, x_qr:x_qr + side] = qr[..., None]
        screen[int(screen_h * 0.05):int(screen_h * 0.12), int(screen_w * 0.1):int(screen_w * 0.9)] = rng.uniform(80, 200, 3)
        # The screen's sub-pixel stripes: what aliases into moiré once the camera samples it.
        stripes = np.array([0.82, 1.0, 1.18], np.float32)[np.arange(screen_w) % 3]
        screen *= np.stack([stripes, np.roll(stripes, 1), np.roll(stripes, 2)], axis=-1)[None, :, :]
        texture[bezel:bezel + screen_h, bezel:bezel + screen_w] = screen
        x0, y0 = bezel + x_qr, bezel + y_qr
    centre = (x0 + side / 2, y0 + side / 2)
    return np.clip(texture, 0, 255), centre, float(symbol)


def _homography(scene: Scene, texture_centre: tuple[float, float], symbol_texels: float) -> np.ndarray:
    span = 3.0  # any square on the code's plane will do; a larger one keeps the fit well conditioned
    cx, cy = texture_centre
    half = span * symbol_texels / 2
    src = np.array([(cx - half, cy - half), (cx + half, cy - half), (cx + half, cy + half), (cx - half, cy + half)],
                   np.float32)
    dst = _projected(scene.width_px, scene.rotation, scene.tilt, scene.tilt_towards, scene.centre, span)
    return cv2.getPerspectiveTransform(src, dst)


def _counter(rng: np.random.Generator) -> np.ndarray:
    """A cluttered counter: wood or laminate, receipts with print, packaging, cables."""
    base = rng.uniform(60, 190, 3)
    ys, xs = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    light = 0.75 + 0.35 * np.cos((xs / WIDTH - rng.uniform(0, 1)) * math.pi) * np.cos((ys / HEIGHT - rng.uniform(0, 1)) * 1.5)
    frame = base[None, None, :] * light[..., None]
    grain = cv2.resize(rng.normal(0, 12, (HEIGHT // 8, WIDTH // 8)).astype(np.float32), (WIDTH, HEIGHT))
    frame = np.clip(frame + grain[..., None], 0, 255).astype(np.uint8)
    for _ in range(int(rng.integers(3, 9))):
        colour = tuple(float(v) for v in rng.uniform(0, 255, 3))
        x, y = int(rng.integers(0, WIDTH)), int(rng.integers(0, HEIGHT))
        w, h = int(rng.integers(60, 400)), int(rng.integers(40, 300))
        if rng.random() < 0.5:
            cv2.rectangle(frame, (x, y), (x + w, y + h), colour, -1)
        else:
            cv2.ellipse(frame, (x, y), (w // 2, h // 2), float(rng.uniform(0, 180)), 0, 360, colour, -1)
    for _ in range(int(rng.integers(1, 4))):  # receipts and labels: dense print, the usual false lead
        x, y = int(rng.integers(0, WIDTH - 200)), int(rng.integers(0, HEIGHT - 150))
        cv2.rectangle(frame, (x, y), (x + 220, y + 180), (235, 235, 230), -1)
        for line in range(8):
            cv2.putText(frame, "".join(chr(int(c)) for c in rng.integers(65, 90, 14)), (x + 8, y + 20 + 20 * line),
                        cv2.FONT_HERSHEY_PLAIN, 1.0, (40, 40, 40), 1)
        if rng.random() < 0.5:  # a 1-D barcode on the label
            for bar in range(40):
                if rng.random() < 0.5:
                    cv2.line(frame, (x + 20 + bar * 4, y + 150), (x + 20 + bar * 4, y + 175), (20, 20, 20), int(rng.integers(1, 3)))
    return frame.astype(np.float32)


def render(scene: Scene) -> np.ndarray:
    """The frame of ``scene`` as a webcam delivers it (BGR, uint8, MJPEG artefacts included)."""
    image = cv2.imdecode(np.frombuffer(render_jpeg(scene), np.uint8), cv2.IMREAD_COLOR)
    assert image is not None
    return image


def render_jpeg(scene: Scene) -> bytes:
    """The frame of ``scene`` as the JPEG an MJPEG webcam sends."""
    rng = np.random.default_rng(scene.seed)
    frame = _counter(rng)
    texture, centre, symbol = _surface_texture(scene, rng)
    homography = _homography(scene, centre, symbol)
    shrink = symbol / scene.width_px  # texels per frame pixel
    # A lens integrates over each pixel; a camera without an optical low-pass filter lets screen
    # stripes through, so the phone's texture is smoothed less than the scale alone would ask.
    sigma = 0.45 * shrink * (0.55 if scene.surface == "phone" else 1.0)
    texture = cv2.GaussianBlur(texture, (0, 0), sigma)
    warped = cv2.warpPerspective(texture, homography, (WIDTH, HEIGHT), flags=cv2.INTER_LINEAR,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))
    mask = cv2.warpPerspective(np.ones(texture.shape[:2], np.float32), homography, (WIDTH, HEIGHT), flags=cv2.INTER_LINEAR)
    ys, xs = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    if scene.moire:
        theta = math.radians(scene.moire_angle)
        phase = (xs * math.cos(theta) + ys * math.sin(theta)) * 2 * math.pi / scene.moire_period
        fringes = np.stack([np.sin(phase + shift) for shift in (0.0, 2.1, 4.2)], axis=-1)
        warped = warped * (1 + scene.moire * fringes)
    frame = frame * (1 - mask[..., None]) + warped * mask[..., None]
    if scene.glare:
        gx = scene.centre[0] + scene.glare_spot[0] * scene.width_px
        gy = scene.centre[1] + scene.glare_spot[1] * scene.width_px
        radius = scene.glare_spot[2] * scene.width_px
        blob = np.exp(-((xs - gx) ** 2 + (ys - gy) ** 2) / (2 * radius**2))
        frame += (scene.glare * blob * mask)[..., None]
    if scene.blur_sigma:
        frame = cv2.GaussianBlur(frame, (0, 0), scene.blur_sigma)
    if scene.motion_px:
        size = math.ceil(scene.motion_px) | 1
        kernel = np.zeros((size, size), np.float32)
        kernel[size // 2, :] = 1
        turn = cv2.getRotationMatrix2D((size / 2 - 0.5, size / 2 - 0.5), scene.motion_angle, 1.0)
        turned = cv2.warpAffine(kernel, turn, (size, size))
        frame = cv2.filter2D(frame, -1, turned / turned.sum())
    frame = frame * scene.gain + rng.normal(0, scene.noise_sigma, frame.shape)
    ok, jpeg = cv2.imencode(".jpg", np.clip(frame, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, scene.jpeg_quality])
    assert ok
    return jpeg.tobytes()


def empty_frame(seed: int) -> np.ndarray:
    """A counter with no code on it: what the camera sees most of the day."""
    rng = np.random.default_rng(seed)
    frame = _counter(rng) + rng.normal(0, 3, (HEIGHT, WIDTH, 3))
    return np.clip(frame, 0, 255).astype(np.uint8)


@dataclass(frozen=True)
class CorpusFrame:
    path: Path
    scene: Scene | None  # None: a frame without a code


def _source_hash() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:10]


def build_corpus(frames: int = 500, empty: int = 50, seed: int = 4, cache: Path | None = None) -> list[CorpusFrame]:
    """The frames as JPEG files (what MJPEG webcams send), made once and kept in ``cache``."""
    where = cache or Path(tempfile.gettempdir())
    size = f"s{seed}-{frames}f-{empty}e"
    folder = where / f"jifen-scan-corpus-{_source_hash()}-{size}"
    manifest = folder / "manifest.json"
    if not manifest.exists():
        for stale in where.glob(f"jifen-scan-corpus-*-{size}"):  # made by an older version of this file
            shutil.rmtree(stale, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        rng = random.Random(seed)
        signers = member_signers(seed)[:2]
        rows: list[dict[str, Any]] = []
        for i in range(frames):
            scene = random_scene(rng, random_code(rng, signers))
            path = folder / f"frame-{i:04d}.jpg"
            path.write_bytes(render_jpeg(scene))
            rows.append({"file": path.name, "scene": asdict(scene)})
        for i in range(empty):
            path = folder / f"empty-{i:04d}.jpg"
            cv2.imwrite(str(path), empty_frame(seed * 1000 + i), [cv2.IMWRITE_JPEG_QUALITY, 90])
            rows.append({"file": path.name, "scene": None})
        manifest.write_text(json.dumps(rows), encoding="utf-8")
    rows = json.loads(manifest.read_text(encoding="utf-8"))
    return [CorpusFrame(folder / row["file"], None if row["scene"] is None else _scene(row["scene"])) for row in rows]


def _scene(data: dict[str, Any]) -> Scene:
    """A scene back from JSON, where tuples came back as lists."""
    return Scene(**{**data, "centre": tuple(data["centre"]), "glare_spot": tuple(data["glare_spot"])})
