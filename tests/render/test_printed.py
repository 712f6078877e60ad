"""What each {{ … }} expression prints, for the web form's chips (issue #26 point 1)."""
from drafting.form.validate import load_form
from drafting.render import printed as printing


def test_each_expression_is_labelled_with_what_it_prints(write_form):
    form = load_form(write_form("""模板: 通用
期间: 2023H1
指标:
  排查: 2966件
  化解: {值: 2869, 单位: 件, 去年同期: 2580}
  待定: {单位: 件}
开头:
  - "{{ 期间.起止 }}排查{{ 指标.排查 }}，化解{{ 指标.化解 }}，化解率{{ 指标.化解 | 比率(指标.排查, 1) }}。"
  - "{{ 指标.化解 | 同比 }}；{{ 指标.待定 }}；再写一次{{ 指标.排查 }}。"
"""))
    assert printing.printed(form) == {"{{ 期间.起止 }}": "1—6月", "{{ 指标.排查 }}": "2966件", "{{ 指标.化解 }}": "2869件",
                                      "{{ 指标.化解 | 比率(指标.排查, 1) }}": "96.7%", "{{ 指标.化解 | 同比 }}": "同比上升11.2%",
                                      "{{ 指标.待定 }}": "【待填】件"}


def test_an_expression_that_cannot_print_is_left_out_and_the_others_keep_their_values(write_form):
    form = load_form(write_form("""模板: 通用
指标:
  排查: 2966件
开头: "{{ 指标.排查 }}，{{ 指标.排查 | 没有这个过滤器 }}，{{ '字' * 100000000 }}"
"""), )
    assert printing.printed(form) == {"{{ 指标.排查 }}": "2966件"}


def test_the_number_of_expressions_labelled_is_bounded(write_form, monkeypatch):
    monkeypatch.setattr(printing, "MAX_EXPRESSIONS", 3)
    body = "".join(f"{{{{ 指标.排查 | 数值 }}}}第{i}处" for i in range(3)) + "".join(f"{{{{ {i} }}}}" for i in range(50))
    form = load_form(write_form(f"""模板: 通用
指标:
  排查: 2966件
开头: "{body}"
"""))
    assert len(printing.expressions(form)) == 3
    assert len(printing.printed(form)) == 3


def test_a_long_printed_value_is_cut_for_the_chip():
    assert printing._short("字" * 200) == "字" * (printing.MAX_PRINTED - 1) + "…"
    assert printing._short("一\n二") == "一二"


def test_a_chip_prints_with_the_forms_wording_as_the_text_does(write_form):
    """Bug: the chips ignored 增减措辞 and showed 上升 where the report prints 增长."""
    form = load_form(write_form("""模板: 通用
增减措辞: 增长/减少
指标:
  化解: {值: 121, 单位: 件, 去年同期: 100}
开头: "化解{{ 指标.化解 | 同比 }}。"
"""))
    assert printing.printed(form) == {"{{ 指标.化解 | 同比 }}": "同比增长21%"}


def test_the_expressions_are_compiled_once_for_the_previews_of_one_session(write_form, monkeypatch):
    """Compiling the expressions costs about ten times rendering them (bench/CHIPS-RESULTS.md): kept in the caches."""
    from drafting.options import Caches
    from drafting.render.budget import BoundedEnvironment

    compiled: list[str] = []
    compile_ = BoundedEnvironment.compile

    def counted(self, source, *args, **kwargs):  # type: ignore[no-untyped-def]
        compiled.append(source)
        return compile_(self, source, *args, **kwargs)

    monkeypatch.setattr(BoundedEnvironment, "compile", counted)
    form = load_form(write_form("模板: 通用\n指标:\n  排查: 2966件\n开头: \"排查{{ 指标.排查 }}，{{ 指标.排查 | 数值 }}。\"\n"))
    caches = Caches()
    first = printing.printed(form, caches)
    after_first = len(compiled)
    assert printing.printed(form, caches) == first == {"{{ 指标.排查 }}": "2966件", "{{ 指标.排查 | 数值 }}": "2966"}
    assert len(compiled) == after_first
