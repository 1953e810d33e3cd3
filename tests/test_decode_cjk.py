"""Pages in East Asian encodings (issue 11, item 6): GB18030/GBK, Shift-JIS, EUC-JP and
ISO-2022-JP decode to the text that was written; Western 8-bit pages keep decoding as before.

The sample texts are written here (registry-page style, not copied from any site).
"""
from __future__ import annotations

import hashlib

import pytest

from extract.ingest import RawPage, decode, make_document

ZH = """临床试验登记号：ChiCTR2100045678
试验题目：评价注射用ZB-417治疗HER2低表达晚期乳腺癌患者的有效性和安全性的多中心、开放、II期临床研究
试验状态：正在招募
研究目的：本研究旨在评价注射用ZB-417单药治疗既往接受过内分泌治疗失败的HER2低表达晚期乳腺癌患者的客观缓解率，并观察其安全性和耐受性。
入选标准：
1. 年龄18～75周岁的女性患者，自愿签署知情同意书；
2. 经组织学或细胞学确诊的HER2低表达（IHC 1+或IHC 2+且ISH阴性）复发或转移性乳腺癌；
3. 中性粒细胞绝对计数≥1.5×10^9/L，血小板计数≥100×10^9/L，血红蛋白≥90 g/L；
排除标准：
1. 既往接受过抗HER2抗体偶联药物治疗者；
2. 妊娠期或哺乳期妇女。
"""

JA = """試験名：HER2陽性乳癌患者を対象としたZB-417の第II相試験
jRCT番号：jRCT2031210077
募集状況：募集中
試験の概要：本試験は、トラスツズマブによる治療歴のあるHER2陽性の進行・再発乳癌患者を対象として、ZB-417の有効性及び安全性を検討することを目的とする。
選択基準：
1. 同意取得時の年齢が20歳以上の女性患者
2. 組織学的にHER2陽性（IHC 3+又はISH陽性）と診断された乳癌患者
3. 好中球数が1,500/mm3以上、血小板数が10万/mm3以上である患者
除外基準：
1. 妊娠中又は授乳中の患者
"""

WEST = ("Inclusion Criteria: treatment-naïve patients; Ménétrier disease excluded; "
        "ANC >= 1500/µL; señora Müller’s “consent” form – signed.\n")


# Short pages with symbols East Asian registries use (Roman-numeral phases, superscripts, µ):
# charset-normalizer alone rejected the first (chaos over its threshold) and read the second
# as GB18030 (a short Shift-JIS page decodes without error as GB18030 too, into rare
# characters); the third is Korean, which decodes as common hanzi in GB18030.
ZH_SYMBOLS = ("临床试验招募\n试验名称：一项评估某药物治疗HER2阳性晚期乳腺癌的Ⅲ期临床研究\n试验分期：Ⅲ期\n"
              "入选标准：\n1. 年龄18-75岁的女性患者；\n2. 中性粒细胞计数≥1.5×10⁹/L；\n3. 血小板≥100×10^9/L；\n"
              "排除标准：\n1. 妊娠期妇女。\n联系电话：0451-12345678\n")
JA_SHORT = ("治験の概要\n試験名：HER2陽性乳がんを対象としたⅢ相試験\n対象：20歳以上の女性\n好中球数 1,500/mm3以上\n"
            "血小板数 10万/mm3以上\n選択基準を満たす患者さんを募集しています。\n")
KO = ("임상시험 안내\n시험명: HER2 양성 유방암 환자를 대상으로 한 제3상 임상시험\n선정 기준: 만 19세 이상 여성\n"
      "호중구 수 1,500/mm3 이상\n혈소판 100,000/mm3 이상\n")


@pytest.mark.parametrize("text,encoding,expect", [
    (ZH, "gb18030", "gb18030"),
    (ZH, "gbk", "gb18030"),
    (JA, "shift_jis", "cp932"),
    (JA, "cp932", "cp932"),
    (JA, "euc_jp", "euc_jp"),
    (JA, "iso2022_jp", "iso2022_jp"),
    (ZH_SYMBOLS, "gb18030", "gb18030"),
    (JA_SHORT, "cp932", "cp932"),
    (KO, "euc_kr", "euc_kr"),
])
def test_undeclared_east_asian_text_decodes_exactly(text, encoding, expect):
    got, enc = decode(text.encode(encoding))
    assert got == text
    assert enc == expect


@pytest.mark.parametrize("declared,encoding", [("gb2312", "gb18030"), ("Shift_JIS", "shift_jis"), ("EUC-JP", "euc_jp")])
def test_declared_charset_of_an_html_page_wins(declared, encoding):
    body = ZH if encoding == "gb18030" else JA
    raw = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={declared}">'
           f"</head><body><pre>").encode() + body.encode(encoding) + b"</pre></body></html>"
    text, _enc = decode(raw)
    assert body in text


def test_xml_declaration_names_the_encoding():
    raw = '<?xml version="1.0" encoding="GB2312"?>\n<page>'.encode() + ZH.encode("gb18030") + b"</page>"
    assert ZH in decode(raw)[0]


def test_western_8bit_text_stays_cp1252_even_with_a_wrong_declaration():
    raw = WEST.encode("cp1252")
    assert decode(raw) == (WEST, "cp1252")
    lying = b'<meta charset="shift_jis">\n' + raw
    text, enc = decode(lying)
    assert WEST in text and enc == "cp1252"


def test_utf8_with_a_damaged_byte_is_still_utf8():
    raw = ("Eligibility: ANC ≥ 1.5 × 10^9/L, platelets ≥ 100 × 10^9/L, Hb ≥ 9 g/dL; " * 4).encode() + b"\xff end\n"
    text, enc = decode(raw)
    assert enc == "utf-8+replace" and "≥ 1.5 × 10^9/L" in text


def test_a_gb18030_page_becomes_a_document_with_its_chinese_text():
    raw = ZH.encode("gb18030")
    doc = make_document(RawPage("zh.txt", raw, hashlib.sha256(raw).hexdigest()))
    assert "入选标准" in doc.text and "排除标准" in doc.text and "ChiCTR2100045678" in doc.text


def test_gb18030_abstract_dense_with_ascii_punctuation_decodes():
    # a journal abstract page: one chunk mixes CJK with ASCII commas, brackets and lab symbols and is
    # messier than a short page; the page is still gb18030
    from pathlib import Path

    raw = (Path(__file__).parent / "real" / "docs" / "g_16_cmacmc.txt").read_bytes()
    got, enc = decode(raw)
    assert enc == "gb18030"
    assert got == raw.decode("gb18030")
    assert "纳入标准" in got


# Single-byte encodings of other alphabets (rules/encodings.yaml `detect8` rows): a registry page
# in Ukrainian or Russian saved as cp1251 or KOI8-R, Greek as cp1253, Arabic as cp1256.
OTHER_ALPHABETS = (
    ("Критерії включення: вік 18 років і старше; нейтрофіли ≥ 1,5 x 10^9/л; тромбоцити "
     "≥ 100 x 10^9/л; білірубін ≤ 1,5 х ВМН. HER2-позитивний рак шлунка (IHC 3+).", "cp1251"),
    ("Критерии включения: возраст от 18 лет; нейтрофилы не менее 1500 в мкл; тромбоциты не "
     "менее 100 000 в мкл; HER2-положительный рак молочной железы.", "koi8_r"),
    ("Κριτήρια ένταξης: ηλικία 18 ετών και άνω, ουδετερόφιλα τουλάχιστον 1.500/μl, "
     "αιμοπετάλια τουλάχιστον 100.000/μl, καρκίνος του μαστού θετικός για HER2.", "cp1253"),
    # ISO-8859-7 differs from cp1253 in a few signs (Ά is ¶ in cp1253): the letter reading wins
    ("Φύλο: Άνδρες και γυναίκες. Υγιείς εθελοντές: Όχι. Νοσοκομείο «Άγιος Σάββας», ηλικία 18 "
     "ετών και άνω, αιμοπετάλια τουλάχιστον 100.000/μl.", "iso8859_7"),
    ("معايير الاشتمال: العمر 18 عامًا أو أكثر، عدد العدلات 1500 على الأقل، سرطان الثدي "
     "الإيجابي لمستقبلات HER2، وظائف الكبد ضمن الحدود الطبيعية.", "cp1256"),
)


@pytest.mark.parametrize("text,codec", OTHER_ALPHABETS, ids=[c for _t, c in OTHER_ALPHABETS])
def test_single_byte_pages_of_other_alphabets_decode_to_what_was_written(text, codec):
    assert decode(text.replace("≥", ">=").replace("≤", "<=").encode(codec, errors="strict"))[0] \
        == text.replace("≥", ">=").replace("≤", "<=")


def test_high_bytes_that_read_as_no_alphabet_are_still_undecodable():
    from extract.ingest.errors import Reject
    with pytest.raises(Reject):
        decode(bytes(range(0x80, 0x100)) * 40)


# Central European 8-bit pages (rules/encodings.yaml `latin8` rows): few high bytes, so they pass
# as Western 8-bit text, but cp1252 reads Czech or Polish letters as symbols inside words
# ("Pøeskoèit"); cp1250 reads them calmer. Western text (French, Spanish, German) keeps cp1252.
LATIN_8BIT = (
    ("Stav v ČR: probíhá nábor. Věk subjektů: 18 let a více. Pohlaví: muži i ženy. "
     "Zdraví dobrovolníci: ne. Přeskočit na obsah, léčiva, řešení.", "cp1250"),
    ("Status badania: rekrutacja w toku. Płeć: kobiety i mężczyźni. Wiek: od 18 lat. "
     "Zdrowi ochotnicy: nie. Łódź, Gdańsk, źródło.", "cp1250"),
    ("Étude de phase III randomisée, très élevée; père, mère, crème brûlée, où. Niño, año, "
     "España. Ärzte prüfen die Größe; informações não são.", "cp1252"),
)


@pytest.mark.parametrize("text,codec", LATIN_8BIT, ids=["cs", "pl", "western"])
def test_8bit_latin_pages_decode_with_the_calmer_codec(text, codec):
    assert decode(text.encode(codec)) == (text, codec)
