"""Style profiles: load the GB/T 9704 default and apply a form's or project's overrides."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..errors import FormError
from ..resources import profile_path
from ..styles import ROLES, Profile, RoleStyle
from .fields import Field
from .nodes import NodeReader, describe
from .paths import named_file, without_excerpts
from .resolver import Resolver
from .source import compose, read_source

DEFAULT_PROFILE = "gbt9704"

# 字号 names and their sizes in points.
SIZE_NAMES = {"初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18,
              "三号": 16, "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9}

# A font name is a name: letters (CJK included), digits, spaces, _ - . and no more than FONT_NAME_MAX characters.
FONT_NAME_MAX = 64
_FONT_NAME = r"[\w .\-]*"  # the plain run a name must be (\w: letters, CJK, digits, _)

_TOP_FIELDS = [Field("名称"), Field("西文字体"), Field("角色"), Field("替代字体"), Field("基于")]
_ROLE_FIELDS = [Field("字体"), Field("西文字体"), Field("字号"), Field("加粗"), Field("颜色")]


def _read_overrides(reader: NodeReader, node: yaml.Node, base: Profile) -> Profile:
    """Apply the overrides in mapping ``node`` to ``base``."""
    top = reader.mapping(node, _TOP_FIELDS, "版式")
    name = reader.text(top["名称"], "版式名称") if "名称" in top else None
    western = _read_font(reader, top["西文字体"], "西文字体") if "西文字体" in top else None
    roles = dict(base.roles)
    if western:
        body_western = base.roles["正文"].western
        roles = {r: s._replace(western=western) if s.western == body_western else s for r, s in roles.items()}
    if "角色" in top:
        role_fields = [Field(r) for r in ROLES]
        for role, role_node in reader.mapping(top["角色"], role_fields, "版式的角色").items():
            current = roles[role]
            values = reader.mapping(role_node, _ROLE_FIELDS, f"角色“{role}”")
            east = _read_font(reader, values["字体"], f"角色“{role}”的字体") if "字体" in values else None
            west = _read_font(reader, values["西文字体"], f"角色“{role}”的西文字体") if "西文字体" in values else None
            size = _read_size(reader, values["字号"]) if "字号" in values else None
            bold = reader.boolean(values["加粗"], "加粗") if "加粗" in values else None
            color = _read_color(reader, values["颜色"]) if "颜色" in values else None
            roles[role] = RoleStyle(east or current.east_asian, west or current.western,
                                    size or current.size, current.bold if bold is None else bold,
                                    color or current.color)
    fallbacks = dict(base.fallbacks)
    if "替代字体" in top:
        names = reader.mapping_any(top["替代字体"], "替代字体")
        for font, alt_node in names.items():
            alt = _read_font(reader, alt_node, f"“{font[:FONT_NAME_MAX]}”的替代字体")
            if alt and _font_problem(font) is not None:
                reader.error(alt_node, f"替代字体的字体名“{font[:FONT_NAME_MAX]}”{_font_problem(font)}", _FONT_HINT, "E137")
            elif alt:
                fallbacks[font] = alt
    return Profile(name or base.name, roles, fallbacks)


_FONT_HINT = f"字体名只能由文字、数字、空格和 _ - . 组成，不超过 {FONT_NAME_MAX} 个字符，如 仿宋_GB2312、Times New Roman"


def _font_problem(name: str) -> str | None:
    """What is wrong with font name ``name`` (None when it is a plain name)."""
    end = re.match(_FONT_NAME, name).end()  # type: ignore[union-attr]  (a * pattern always matches)
    if end < len(name):
        bad = name[end]
        return f"含有不能用在字体名里的字符“{bad}”（U+{ord(bad):04X}）" if bad.isprintable() else f"含有不能用在字体名里的字符 U+{ord(bad):04X}"
    return f"太长（{len(name)} 个字符）" if len(name) > FONT_NAME_MAX else None


def _read_font(reader: NodeReader, node: yaml.Node, what: str) -> str | None:
    """A font name, or None (with a located E137) when it is not a plain name."""
    name = reader.text(node, what)
    problem = None if name is None else _font_problem(name)
    if problem is not None:
        reader.error(node, f"{what}{problem}", _FONT_HINT, "E137")
        return None
    return name


_COLOR_NAMES = {"红": "FF0000", "红色": "FF0000", "黑": "000000", "黑色": "000000"}


def _read_color(reader: NodeReader, node: yaml.Node) -> str | None:
    raw = str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""
    value = _COLOR_NAMES.get(raw, raw.lstrip("#").upper())
    if len(value) == 6 and all(c in "0123456789ABCDEF" for c in value):
        return value
    reader.error(node, f"颜色{describe(node)}无法识别", "写成 红色，或六位十六进制颜色值如 FF0000", "E133")
    return None


def _read_size(reader: NodeReader, node: yaml.Node) -> float | None:
    value = reader.scalar(node, "字号")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 5 <= value <= 72:
        return float(value)
    if isinstance(value, str) and value.strip() in SIZE_NAMES:
        return float(SIZE_NAMES[value.strip()])
    reader.error(node, f"字号{describe(node)}无法识别", "写成磅值（如 16）或字号名（如 三号、二号）", "E130")
    return None


def _empty_profile() -> Profile:
    plain = RoleStyle("仿宋_GB2312", "Times New Roman", 16.0, False)
    return Profile("", {r: plain for r in ROLES}, {})


def load_profile_file(path: Path, base: Profile | None = None, resolver: Resolver | None = None) -> Profile:
    """Load a profile YAML file (through ``resolver``, else from disk) on top of ``base``. Raises FormError with locations."""
    source, _ = read_source(path, resolver=resolver)
    node = compose(source)
    reader = NodeReader(source)
    if node is None:
        reader.error(None, f"版式文件“{source.name}”是空的", "参照 data/profiles/gbt9704.yaml 填写", "E131")
        raise FormError(reader.problems)
    if base is None:
        top = node.value if isinstance(node, yaml.MappingNode) else []
        based_on = next((v for k, v in top if getattr(k, "value", None) == "基于"), None)
        if based_on is not None:  # only a built-in profile: a profile file never names another file
            name = based_on.value if isinstance(based_on, yaml.ScalarNode) else ""
            if not profile_path(str(name)).is_file():
                reader.error(based_on, f"“基于”只能写内置版式名（{DEFAULT_PROFILE}），实际是{describe(based_on)}",
                             f"写 基于: {DEFAULT_PROFILE}", "E136")
                raise FormError(reader.problems)
            base = builtin_profile(str(name))
        if base is None:
            base = builtin_profile(DEFAULT_PROFILE) if path != profile_path(DEFAULT_PROFILE) else _empty_profile()
    profile = _read_overrides(reader, node, base)
    if reader.problems:
        raise FormError(reader.problems)
    return profile


_BUILTIN: dict[str, Profile] = {}


def builtin_profile(name: str = DEFAULT_PROFILE) -> Profile:
    """A built-in profile by name (cached for the process; the default one kept between runs too)."""
    if name not in _BUILTIN:
        _BUILTIN[name] = _kept_default() if name == DEFAULT_PROFILE else load_profile_file(profile_path(name))
    return _BUILTIN[name]


def _kept_default() -> Profile:
    """The default profile, from the user's cache folder when this code read these very bytes before
    (see form/speccache.py: a kept value is used only when ours, whole and of a profile's shape)."""
    from ..resources import user_cache_folder
    from . import nodes, source, speccache

    path = profile_path(DEFAULT_PROFILE)
    folder = user_cache_folder("declarations")
    try:
        data = path.read_bytes() if folder else b""
    except OSError:
        folder = None
    if not folder:
        return load_profile_file(path)
    from .. import styles

    version = speccache.code_version((__file__, nodes.__file__, source.__file__, styles.__file__))
    kept = _profile_of(speccache.read_kept(folder, "profile", data, version))
    if kept is not None:
        return kept
    profile = load_profile_file(path)
    value = (profile.name, tuple((role, tuple(style)) for role, style in profile.roles.items()),
             tuple(profile.fallbacks.items()))
    if _profile_of(value) == profile:
        speccache.write_kept(folder, "profile", data, version, value)
    return profile


def _profile_of(value: object) -> Profile | None:
    """A Profile from kept ``value`` when it has exactly a profile's shapes, else None."""
    if not (type(value) is tuple and len(value) == 3 and type(value[0]) is str and type(value[1]) is tuple
            and type(value[2]) is tuple):
        return None
    roles = {}
    for entry in value[1]:
        if not (type(entry) is tuple and len(entry) == 2 and type(entry[0]) is str and type(entry[1]) is tuple
                and len(entry[1]) == len(RoleStyle._fields)):
            return None
        east_asian, western, size, bold, color = entry[1]
        if not (type(east_asian) is str and type(western) is str and type(size) is float and type(bold) is bool
                and (color is None or type(color) is str)):
            return None
        roles[entry[0]] = RoleStyle(east_asian, western, size, bold, color)
    if not all(type(pair) is tuple and len(pair) == 2 and all(type(x) is str for x in pair) for pair in value[2]):
        return None
    return Profile(value[0], roles, dict(value[2]))


def read_form_profile(reader: NodeReader, node: yaml.Node, form_dir: Path, resolver: Resolver) -> Profile | None:
    """The profile a form asks for: a built-in name, a file ``resolver`` gives (the form's folder tree), or overrides.

    A profile file the resolver refuses is not read; a profile file's problems are reported at their
    place in it without quoting its lines.
    """
    if isinstance(node, yaml.MappingNode):
        return _read_overrides(reader, node, builtin_profile())
    value = reader.text(node, "版式")
    if value is None:
        return builtin_profile()
    if profile_path(value).is_file():
        return builtin_profile(value)
    path = named_file(reader, node, value, form_dir, resolver, "版式文件",
                      "写内置版式名（gbt9704），或相对表单文件的版式文件路径", "E132")
    if path is None:
        return None
    try:
        return load_profile_file(path, resolver=resolver)
    except FormError as exc:
        reader.problems.extend(without_excerpts(exc.problems))
        return None
