"""A whole hub written by the tests: the fixture the engine and browser tests build, never the demo.

`make_hub(root)` writes content/ (registries, targets.yml, products), docs/ and mkdocs.yml into
`root`, the way editors write them (hand-formatted YAML, front matter, comments). It holds:
- six languages: Vietnamese (default), Khmer (its own script, no spaces between words), Hmong (no
  interface of its own: `ui_fallback: vi`), Chinese, English, French;
- a product of every type the model knows (PRODUCT_TYPES), with translations by people and by
  machine (reviewed or not), a translation made from an older original (outdated), an original in
  Khmer, a draft product and a draft version, and short news items (more than a catalogue page);
- media of each kind (image, audio, video, document; media_files.py), transcripts and WebVTT captions
  (some missing, as the checker warns), images shown in bodies,
  a video card, an admonition, aligned tables, links between products, to docs pages and to files;
- home and about pages in every language, a reading guide in two (the others fall back), an image
  in docs/;
- targets.yml and plans/de-an-2023-2025.yml, so that each language has a progress page with two plans
  and charts.

The browser tests (tests/browser/sample.py) read their expectations from the files written here, and
tests/test_hubfactory.py pins what they rely on.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import json
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from media_files import mp3, pdf, png, webm

LANGUAGES = [
    {"code": "vi", "name": "Tiếng Việt", "group": "national", "default": True},
    {"code": "km", "name": "ភាសាខ្មែរ", "group": "ethnic_minority"},
    {"code": "hmn", "name": "Hmoob", "group": "ethnic_minority", "ui_fallback": "vi"},
    {"code": "zh", "name": "中文", "group": "foreign"},
    {"code": "en", "name": "English", "group": "foreign"},
    {"code": "fr", "name": "Français", "group": "foreign"},
]
CHANNELS = {  # id: (group, names)
    "website": ("digital", {"vi": "Cổng thông tin điện tử", "km": "គេហទំព័រ", "hmn": "Lub vev xaib", "zh": "网站",
                            "en": "Website", "fr": "Site web"}),
    "facebook": ("digital", {"vi": "Facebook", "km": "ហ្វេសប៊ុក", "zh": "脸书", "en": "Facebook"}),
    "zalo": ("digital", {"vi": "Zalo", "en": "Zalo"}),
    "youtube": ("digital", {"vi": "YouTube", "km": "យូធូប", "en": "YouTube"}),
    "radio": ("traditional", {"vi": "Phát thanh", "km": "វិទ្យុ", "hmn": "Xov tooj cua", "zh": "广播电台",
                              "en": "Radio", "fr": "Radio"}),
    "loudspeaker": ("traditional", {"vi": "Loa truyền thanh cơ sở", "km": "បំពងសំឡេងតាមភូមិ",
                                    "zh": "基层广播喇叭", "en": "Community loudspeakers",
                                    "fr": "Haut-parleurs communaux"}),
    "print": ("traditional", {"vi": "Ấn phẩm in", "km": "ឯកសារបោះពុម្ព", "hmn": "Ntawv luam tawm", "zh": "印刷品",
                              "en": "Print materials", "fr": "Imprimés"}),
    "event": ("traditional", {"vi": "Sự kiện trực tiếp", "km": "ព្រឹត្តិការណ៍ផ្ទាល់", "zh": "现场活动",
                              "en": "Live events", "fr": "Événements en présentiel"}),
}
UNITS = {
    "so-tu-phap": {"vi": "Sở Tư pháp", "km": "មន្ទីរយុត្តិធម៌ខេត្ត", "zh": "司法厅", "en": "Department of Justice",
                   "fr": "Service de la justice"},
    "trung-tam-tro-giup-phap-ly": {"vi": "Trung tâm Trợ giúp pháp lý nhà nước",
                                   "km": "មជ្ឈមណ្ឌលជំនួយផ្នែកច្បាប់របស់រដ្ឋខេត្ត", "zh": "国家法律援助中心",
                                   "en": "State Legal Aid Centre", "fr": "Centre d'aide juridique de l'État"},
    "hoi-lhpn": {"vi": "Hội Liên hiệp Phụ nữ", "km": "សហភាពនារីខេត្ត", "zh": "妇女联合会", "en": "Women's Union",
                 "fr": "Union des femmes"},
    "dai-ptth": {"vi": "Đài Phát thanh và Truyền hình", "zh": "广播电视台", "en": "Radio and Television Station"},
    "so-ttt": {"vi": "Sở Thông tin và Truyền thông", "en": "Department of Information and Communications"},
}
TOPICS = {
    "legal-aid": {"vi": "Trợ giúp pháp lý", "km": "ជំនួយផ្នែកច្បាប់", "hmn": "Kev pab txog kev cai lij choj",
                  "zh": "法律援助", "en": "Legal aid", "fr": "Aide juridique"},
    "domestic-violence": {"vi": "Phòng, chống bạo lực gia đình", "km": "ការបង្ការអំពើហិង្សាក្នុងគ្រួសារ",
                          "hmn": "Tiv thaiv kev ua phem hauv tsev neeg", "zh": "防治家庭暴力",
                          "en": "Preventing domestic violence", "fr": "Prévention des violences familiales"},
    "child-marriage": {"vi": "Phòng, chống tảo hôn", "km": "ការទប់ស្កាត់អាពាហ៍ពិពាហ៍កុមារ",
                       "hmn": "Tiv thaiv kev yuav txij nkawm thaum tseem yau", "zh": "防止童婚",
                       "en": "Preventing child marriage", "fr": "Prévention du mariage d'enfants"},
    "childrens-rights": {"vi": "Quyền trẻ em", "km": "សិទ្ធិកុមារ", "hmn": "Cai ntawm menyuam yaus", "zh": "儿童权利",
                         "en": "Children's rights", "fr": "Droits de l'enfant"},
    "disability-rights": {"vi": "Quyền của người khuyết tật", "km": "សិទ្ធិជនមានពិការភាព", "zh": "残疾人权利",
                          "en": "Disability rights", "fr": "Droits des personnes handicapées"},
    "gender-equality": {"vi": "Bình đẳng giới", "km": "សមភាពយេនឌ័រ", "zh": "性别平等", "en": "Gender equality",
                        "fr": "Égalité femmes-hommes"},
    "access-to-information": {"vi": "Tiếp cận thông tin", "km": "សិទ្ធិទទួលបានព័ត៌មាន", "zh": "信息获取",
                              "en": "Access to information", "fr": "Accès à l'information"},
    "voting": {"vi": "Bầu cử", "km": "ការបោះឆ្នោត", "hmn": "Kev xaiv tsa", "zh": "选举", "en": "Voting",
               "fr": "Élections"},
}

MKDOCS_YML = """\
# The tests' hub: the same kind of configuration a province's hub has (commhub init).
site_name: Cổng thông tin thử nghiệm
site_description: Một cổng thông tin do bộ kiểm thử của commhub viết ra
theme:
  name: material
  language: vi
  font: false
  palette:
    primary: indigo
extra:
  generator: false
plugins:
  - commhub:
      content_dir: content
      demo_notice: true   # the banner too is checked by axe and the CSP tests
validation:
  links:
    not_found: warn
"""

# A multi-year plan beside the yearly one: the progress page shows each, with its milestones.
SCHEME_YML = """\
plan:
  name: Đề án thử nghiệm 2023–2025
  number: 1/QĐ-TEST
  date: 2023-01-02
  authority: Ủy ban nhân dân tỉnh (thử nghiệm)
period: {from: 2023-01-01, to: 2025-12-31}
count: products
translations: reviewed
targets:
  - id: minority-languages
    label: {vi: Sản phẩm bằng tiếng dân tộc thiểu số, en: Products in ethnic-minority languages}
    any: [{language_group: ethnic_minority}]
    count: {min: 6}
    milestones:
      - {period: {from: 2024-01-01, to: 2024-12-31}, count: {min: 2}}
"""

TARGETS_YML = """\
# Chỉ tiêu của kế hoạch thử nghiệm (trang "Mục tiêu và tiến độ", lệnh `commhub report`).
plan:
  name: Kế hoạch truyền thông thử nghiệm năm 2024
  reference: 12/KH-TEST, 02/01/2024
period: {from: 2024-01-01, to: 2024-12-31}
count: versions
targets:
  - id: minority-foreign-digital
    label:
      vi: Sản phẩm bằng tiếng dân tộc thiểu số, tiếng nước ngoài và trên nền tảng số
      km: សម្ភារៈជាភាសាជនជាតិភាគតិច ភាសាបរទេស និងលើវេទិកាឌីជីថល
      hmn: Cov khoom ua lus haiv neeg tsawg, lus txawv tebchaws thiab tshaj tawm hauv online
      zh: 少数民族语言、外语及数字平台产品
      en: Products in ethnic-minority or foreign languages, or on digital platforms
      fr: Produits en langues minoritaires ou étrangères, ou sur plateformes numériques
    any:
      - language_group: ethnic_minority
      - language_group: foreign
      - channel_group: digital
    share: {min: 0.15, max: 0.20}
  - id: khmer-versions
    label: {vi: Sản phẩm bằng tiếng Khmer, km: សម្ភារៈជាភាសាខ្មែរ, zh: 高棉语产品, en: Products in Khmer,
            fr: Produits en khmer}
    any: [{language: km}]
    count: {min: 5}
  - id: legal-aid-products
    label: {vi: Sản phẩm về trợ giúp pháp lý, zh: 法律援助主题产品, en: Products on legal aid}
    any:
      - topic: legal-aid
        channel: [website, radio, loudspeaker]
    count: {min: 3}
"""


# --- products -----------------------------------------------------------------------------------------

@dataclass
class Version:
    lang: str
    title: str
    summary: str
    body: str
    translation: dict | None = None  # method, reviewed, translator; source_sha is filled in
    fields: dict = field(default_factory=dict)  # status, channels, published of this version only


@dataclass
class Product:
    slug: str
    type: str
    topics: list[str]
    unit: str
    channels: list[str]
    published: str
    original: str
    versions: list[Version]
    media: list[dict] = field(default_factory=list)  # file, kind, alt, and `data`: the file's bytes
    status: str = "published"
    revised: str | None = None  # the original's body after its translations were made (they are outdated)
    files: dict[str, str] = field(default_factory=dict)  # other text files of its folder: transcripts, captions


def machine(reviewed: bool = False) -> dict:
    return {"method": "machine", "reviewed": reviewed}


def human(reviewed: bool = True, translator: str | None = None) -> dict:
    return {"method": "human", "reviewed": reviewed} | ({"translator": translator} if translator else {})


PNG, PDF, MP3, WEBM = png(), pdf(binary_line=False), mp3(), webm()

PRODUCTS = [
    Product("quyen-tre-em", "article", ["childrens-rights"], "so-tu-phap", ["website", "facebook", "print"],
            "2024-06-01", "vi", media=[{"file": "quyen-tre-em.png", "kind": "image", "data": PNG, "alt": {
                "vi": "Bốn em nhỏ đứng cạnh nhau trên nền xanh nhạt",
                "km": "រូបមនុស្សសាមញ្ញបួននាក់ឈរក្បែរគ្នា",
                "zh": "四个儿童并排站在浅蓝色背景上",
                "en": "Four children standing side by side on a light blue background",
                "fr": "Quatre enfants côte à côte sur un fond bleu clair"}}],
            versions=[
        Version("vi", "Quyền trẻ em",
                "Những quyền cơ bản của mọi trẻ em: được khai sinh, được học tập, được chăm sóc sức khỏe và được "
                "bảo vệ; những việc người lớn cần làm để bảo đảm các quyền đó.", """\
## Mọi trẻ em đều có quyền như nhau

Theo Luật Trẻ em năm 2016, trẻ em là người dưới 16 tuổi. Mọi trẻ em đều có quyền như nhau, không phân biệt giới tính, dân tộc, tôn giáo hay hoàn cảnh gia đình. Việt Nam phê chuẩn Công ước của Liên hợp quốc về quyền trẻ em năm 1990.

![Bốn em nhỏ đứng cạnh nhau trên nền xanh nhạt](quyen-tre-em.png)

## Một số quyền cơ bản

| Quyền | Ví dụ |
| :-- | :-- |
| Được khai sinh | Cha mẹ đăng ký khai sinh cho con trong 60 ngày |
| Được học tập | Trẻ em khuyết tật được học hòa nhập cùng các bạn |
| Được bảo vệ | Không bị bạo lực, xâm hại và bóc lột sức lao động |

!!! note "Khi trẻ em cần được giúp đỡ"
    Hãy gọi Tổng đài quốc gia bảo vệ trẻ em 111: miễn phí và hoạt động cả ngày lẫn đêm.

Xem thêm [Hỏi đáp về đăng ký khai sinh](../hoi-dap-ve-dang-ky-khai-sinh/index.vi.md) và [Tổng đài quốc gia bảo vệ trẻ em 111](../tong-dai-quoc-gia-bao-ve-tre-em-111/index.vi.md).
"""),
        Version("km", "សិទ្ធិកុមារ",
                "សិទ្ធិជាមូលដ្ឋានរបស់កុមារ៖ ការចុះសំបុត្រកំណើត ការសិក្សា ការថែទាំសុខភាព និងកិច្ចការពារ។", """\
## កុមារទាំងអស់មានសិទ្ធិស្មើៗគ្នា

តាមច្បាប់ស្តីពីកុមារឆ្នាំ២០១៦ កុមារគឺជាមនុស្សដែលមានអាយុក្រោម១៦ឆ្នាំ។ វៀតណាមបានផ្តល់សច្ចាប័នលើអនុសញ្ញាអង្គការសហប្រជាជាតិស្តីពីសិទ្ធិកុមារតាំងពីឆ្នាំ១៩៩០។

![រូបមនុស្សសាមញ្ញបួននាក់ឈរក្បែរគ្នា](quyen-tre-em.png)

នៅពេលដឹងថាកុមាររងការរំលោភបំពាន សូមហៅទូរសព្ទភ្លាមទៅ**មជ្ឈមណ្ឌលទូរសព្ទជាតិការពារកុមារលេខ 111** (ឥតគិតថ្លៃ)។

សូមអានបន្ថែមអំពី[ការចុះសំបុត្រកំណើត](../hoi-dap-ve-dang-ky-khai-sinh/index.km.md)។
""", machine()),
        Version("en", "Children's rights",
                "The basic rights of every child: to be registered at birth, to learn, to health care and to "
                "protection; what adults must do to uphold them.", """\
## Every child has the same rights

Under the 2016 Law on Children, a child is a person under 16. Every child has the same rights, whatever their sex, ethnicity, religion or family situation. Viet Nam ratified the UN Convention on the Rights of the Child in 1990.

## What adults can do

- Register a child's birth within 60 days.
- Send children to school, and keep them there.
- Never use violence to discipline a child.

If a child is at risk, call the National Child Protection Hotline 111, free of charge, day and night.
""", human()),
        Version("zh", "儿童权利", "每个儿童的基本权利：出生登记、受教育、医疗保健和受保护的权利，以及成年人应当如何保障这些权利。", """\
## 所有儿童享有同等权利

根据2016年《儿童法》，儿童是指未满16岁的人。越南于1990年批准了联合国《儿童权利公约》。

如发现儿童面临危险，请立即拨打国家儿童保护热线111（免费，全天候）。
""", machine(reviewed=True)),
        Version("fr", "Les droits de l'enfant",
                "Les droits fondamentaux de chaque enfant : être déclaré à la naissance, apprendre, être soigné "
                "et protégé ; ce que les adultes doivent faire pour les garantir.", """\
## Tous les enfants ont les mêmes droits

Selon la loi de 2016 sur les enfants, un enfant est une personne de moins de 16 ans. Le Viêt Nam a ratifié la Convention relative aux droits de l'enfant en 1990.

Si un enfant est en danger, appelez le 111, la ligne nationale de protection de l'enfance : l'appel est gratuit.
""", human(reviewed=False, translator="Claire Martin")),
    ]),
    Product("tro-giup-phap-ly-mien-phi", "leaflet", ["legal-aid"], "trung-tam-tro-giup-phap-ly",
            ["website", "zalo", "print", "loudspeaker"], "2024-05-06", "vi",
            media=[{"file": "to-roi-tro-giup-phap-ly.pdf", "kind": "document", "data": PDF, "alt": {
                "vi": "Tờ rơi trợ giúp pháp lý miễn phí", "km": "ខិត្តប័ណ្ណជំនួយផ្នែកច្បាប់",
                "hmn": "Ntawv tshaj tawm txog kev pab txog kev cai lij choj dawb", "zh": "免费法律援助传单",
                "en": "Leaflet on free legal aid", "fr": "Dépliant sur l'aide juridique gratuite"}}],
            versions=[
        Version("vi", "Trợ giúp pháp lý miễn phí",
                "Ai được trợ giúp pháp lý miễn phí, Nhà nước giúp những việc gì và cách gửi yêu cầu tới Trung tâm "
                "Trợ giúp pháp lý nhà nước.", """\
## Trợ giúp pháp lý là gì?

Trợ giúp pháp lý là việc cung cấp dịch vụ pháp lý **miễn phí** cho người được trợ giúp theo Luật Trợ giúp pháp lý năm 2017. Người thực hiện trợ giúp không được nhận tiền, quà hay lợi ích nào từ người được giúp.

## Ai được trợ giúp?

- Người thuộc hộ nghèo và trẻ em;
- Người dân tộc thiểu số cư trú ở vùng có điều kiện kinh tế – xã hội đặc biệt khó khăn;
- Người khuyết tật, người cao tuổi và nạn nhân của bạo lực gia đình có khó khăn về tài chính.

## Cách yêu cầu

1. Chuẩn bị đơn và giấy tờ chứng minh mình thuộc diện được trợ giúp.
2. Gửi trực tiếp tại Trung tâm hoặc chi nhánh, hoặc gửi qua đường bưu điện.

[Tải tờ rơi (PDF)](to-roi-tro-giup-phap-ly.pdf) · [Giới thiệu cổng thông tin](../../about.md)
"""),
        Version("km", "ជំនួយផ្នែកច្បាប់ដោយឥតគិតថ្លៃ",
                "តើនរណាខ្លះអាចទទួលបានជំនួយផ្នែកច្បាប់ដោយឥតគិតថ្លៃ "
                "និងរបៀបដាក់ពាក្យស្នើសុំទៅមជ្ឈមណ្ឌលជំនួយផ្នែកច្បាប់របស់រដ្ឋខេត្ត។", """\
## តើជំនួយផ្នែកច្បាប់ជាអ្វី?

ជំនួយផ្នែកច្បាប់គឺជាការផ្តល់សេវាផ្នែកច្បាប់**ដោយឥតគិតថ្លៃ**ដល់អ្នកដែលមានសិទ្ធិទទួលបាន តាមច្បាប់ស្តីពីជំនួយផ្នែកច្បាប់ឆ្នាំ២០១៧។

ក្រុមមនុស្សមួយចំនួនដែលទទួលបានជំនួយផ្នែកច្បាប់ រួមមាន៖

- សមាជិកគ្រួសារក្រីក្រ
- កុមារ

[ខិត្តប័ណ្ណ (PDF)](to-roi-tro-giup-phap-ly.pdf)
""", machine()),
        Version("hmn", "Kev pab txog kev cai lij choj dawb",
                "Leej twg thiaj tau txais kev pab txog kev cai lij choj dawb, thiab yuav xa daim ntawv thov mus rau "
                "Chaw Pab Txog Kev Cai Lij Choj ntawm Lub Xeev li cas.", """\
## Kev pab txog kev cai lij choj yog dab tsi?

Kev pab txog kev cai lij choj yog kev muab kev pab cuam txog kev cai lij choj **dawb** rau cov neeg uas muaj cai tau txais raws li Txoj Cai Pab Txog Kev Cai Lij Choj xyoo 2017.

## Leej twg thiaj tau txais kev pab?

- cov neeg nyob hauv tsev neeg txom nyem;
- cov menyuam yaus;
- cov neeg haiv neeg tsawg uas nyob hauv cov cheeb tsam uas kev lag luam thiab kev sib raug zoo nyuaj heev.
""", machine(reviewed=True)),
        Version("zh", "免费法律援助", "哪些人可以获得免费法律援助、国家提供哪些帮助，以及如何向国家法律援助中心提出申请。", """\
## 什么是法律援助？

法律援助是根据2017年《法律援助法》向符合条件的人免费提供的法律服务。提供援助的人员不得收取任何费用或礼物。

## 谁可以获得帮助？

- 贫困家庭成员和儿童；
- 居住在经济社会特别困难地区的少数民族群众；
- 有经济困难的残疾人、老年人和家庭暴力受害者。
""", human(translator="王芳")),
        Version("en", "Free legal aid",
                "Who can get free legal aid, what the State helps with, and how to apply to the State Legal Aid "
                "Centre.", """\
## What is legal aid?

Legal aid is a legal service given **free of charge** to the people the 2017 Law on Legal Aid names. Those who give it may not accept money, gifts or any other benefit.

## Who can get it?

- Members of poor households, and children;
- Ethnic minority people living in areas with especially difficult conditions;
- People with disabilities, older people and victims of domestic violence who face financial hardship.

[Download the leaflet (PDF)](to-roi-tro-giup-phap-ly.pdf)
""", human()),
        Version("fr", "Aide juridique gratuite",
                "Qui peut bénéficier de l'aide juridique gratuite, ce que l'État prend en charge et comment "
                "adresser une demande au centre d'aide juridique.", """\
## Qu'est-ce que l'aide juridique ?

L'aide juridique est un service juridique fourni **gratuitement** aux personnes désignées par la loi de 2017 sur l'aide juridique. Celles et ceux qui la fournissent ne peuvent accepter ni argent ni cadeau.

## Qui peut en bénéficier ?

- les membres des ménages pauvres et les enfants ;
- les personnes des minorités ethniques vivant dans des zones aux conditions particulièrement difficiles.
""", human(reviewed=False, translator="Claire Martin")),
    ]),
    Product("hoi-dap-ve-dang-ky-khai-sinh", "qa", ["childrens-rights"], "so-tu-phap", ["website", "zalo"],
            "2024-03-15", "vi", versions=[
        Version("vi", "Hỏi đáp về đăng ký khai sinh",
                "Khi nào phải đăng ký khai sinh cho con, cần giấy tờ gì và làm ở đâu: những câu hỏi cha mẹ "
                "thường gặp.", """\
## Phải đăng ký khai sinh trong bao lâu?

Cha mẹ đăng ký khai sinh cho con trong thời hạn 60 ngày kể từ ngày sinh. Việc đăng ký khai sinh đúng hạn không mất lệ phí.

## Cần mang theo giấy tờ gì?

Mang giấy chứng sinh do bệnh viện hoặc trạm y tế cấp và giấy tờ tùy thân của cha hoặc mẹ. Nếu cha mẹ đã kết hôn, mang theo giấy chứng nhận kết hôn.

## Làm ở đâu?

Tại Ủy ban nhân dân xã nơi cha hoặc mẹ cư trú, hoặc nộp hồ sơ trực tuyến trên Cổng dịch vụ công quốc gia.
"""),
        Version("km", "សំណួរនិងចម្លើយអំពីការចុះសំបុត្រកំណើត",
                "សំណួរដែលគេសួរញឹកញាប់អំពីការចុះសំបុត្រកំណើតឲ្យកុមារ៖ ពេលណា នៅទីណា និងត្រូវការឯកសារអ្វីខ្លះ។", """\
## តើត្រូវចុះសំបុត្រកំណើតឲ្យកូននៅពេលណា?

ក្នុងរយៈពេល៦០ថ្ងៃ គិតចាប់ពីថ្ងៃកូនកើត ឪពុក ឬម្តាយមានភារកិច្ចចុះសំបុត្រកំណើតឲ្យកូន។

## តើចុះនៅទីណា?

នៅគណៈកម្មាធិការប្រជាជនឃុំ ដែលជាទីលំនៅរបស់ឪពុក ឬម្តាយ។

សូមអានបន្ថែមអំពី[សិទ្ធិកុមារ](../quyen-tre-em/index.km.md)។
""", human(translator="Sok Dara")),
    ]),
    Product("binh-dang-gioi-trong-gia-dinh", "article", ["gender-equality", "domestic-violence"], "hoi-lhpn",
            ["website", "facebook", "radio"], "2024-03-08", "vi", versions=[
        Version("vi", "Bình đẳng giới trong gia đình",
                "Vợ và chồng bình đẳng với nhau về mọi mặt trong gia đình: cùng quyết định, cùng chia sẻ việc nhà "
                "và cùng chăm sóc con cái.", """\
## Bình đẳng giới trong gia đình là gì?

Luật Bình đẳng giới năm 2006 quy định vợ và chồng bình đẳng trong quan hệ dân sự và các quan hệ khác liên quan đến hôn nhân và gia đình. Hai người cùng bàn bạc và cùng quyết định những việc lớn như mua bán nhà đất hay việc học của con.

## Những việc nhỏ, thay đổi lớn

- Cùng chia sẻ việc nội trợ và chăm sóc con.
- Con trai và con gái được đối xử như nhau, được học hành như nhau.
- Không ai được dùng bạo lực, kể cả lời nói xúc phạm.
"""),
        Version("fr", "L'égalité femmes-hommes dans la famille",
                "Dans la famille, l'épouse et l'époux sont égaux en tout : ils décident ensemble, partagent les "
                "tâches ménagères et s'occupent ensemble des enfants.", """\
## Qu'est-ce que l'égalité dans la famille ?

La loi de 2006 sur l'égalité des sexes dispose que l'épouse et l'époux sont égaux dans la vie civile et dans tout ce qui touche au mariage et à la famille. Ils décident ensemble des grandes questions, comme l'achat d'un logement ou les études des enfants.

- Partager les tâches ménagères et le soin des enfants.
- Traiter de la même façon les filles et les garçons.
- Ne jamais recourir à la violence, y compris verbale.
""", machine()),
    ]),
    Product("bon-buoc-bo-phieu", "infographic", ["voting"], "so-ttt", ["website", "facebook", "print"],
            "2025-03-01", "vi", media=[{"file": "bon-buoc-bo-phieu.png", "kind": "image", "data": PNG, "alt": {
                "vi": "Đồ họa bốn bước bỏ phiếu tại khu vực bỏ phiếu",
                "km": "ក្រាហ្វិកព័ត៌មានបួនជំហាននៃការបោះឆ្នោត",
                "en": "Infographic of the four steps at the polling station"}}],
            versions=[
        Version("vi", "Bốn bước bỏ phiếu",
                "Đồ họa thông tin về bốn bước tại khu vực bỏ phiếu: xuất trình thẻ cử tri, nhận phiếu bầu, viết "
                "phiếu trong buồng kín và tự tay bỏ phiếu vào hòm.", """\
![Đồ họa bốn bước bỏ phiếu tại khu vực bỏ phiếu](bon-buoc-bo-phieu.png)

| Bước | Việc cần làm | Ghi chú |
| :-: | :-- | --: |
| 1 | Xuất trình thẻ cử tri | mang theo thẻ căn cước |
| 2 | Nhận phiếu bầu | kiểm tra dấu của tổ bầu cử |
| 3 | Viết phiếu trong buồng kín | không ai được xem |
| 4 | Bỏ phiếu vào hòm phiếu | tự tay mình bỏ |

Mỗi cử tri tự mình đi bầu và không nhờ người khác bầu thay, trừ trường hợp luật cho phép.
"""),
        Version("km", "បួនជំហាននៃការបោះឆ្នោត",
                "ក្រាហ្វិកព័ត៌មានសង្ខេបបួនជំហាននៃការបោះឆ្នោត និងដាក់សន្លឹកឆ្នោតចូលហិបដោយខ្លួនឯង។", """\
![ក្រាហ្វិកព័ត៌មានបួនជំហាននៃការបោះឆ្នោត](bon-buoc-bo-phieu.png)

1. **ទៅកន្លែងបោះឆ្នោត**៖ យកប័ណ្ណអ្នកបោះឆ្នោតទៅជាមួយ ហើយបង្ហាញប័ណ្ណដើម្បីទទួលសន្លឹកឆ្នោត។
2. **ចូលបន្ទប់សម្ងាត់**៖ អានបញ្ជីឈ្មោះបេក្ខជនឲ្យបានច្បាស់។
3. **ដាក់សន្លឹកឆ្នោត**៖ ដាក់សន្លឹកឆ្នោតចូលក្នុងហិបឆ្នោតដោយដៃខ្លួនឯង។
""", machine()),
        Version("en", "Four steps to vote",
                "An infographic on the four steps at the polling station: show your voter card, receive your "
                "ballot, fill it in privately and put it in the ballot box yourself.", """\
![Infographic of the four steps at the polling station](bon-buoc-bo-phieu.png)

1. Show your voter card.
2. Receive your ballot paper.
3. Fill in the ballot alone, in the booth.
4. Put the ballot in the box with your own hand.

Every voter votes in person; nobody may vote for someone else, except where the law allows it.
""", human()),
    ]),
    Product("noi-khong-voi-tao-hon", "poster", ["child-marriage", "childrens-rights"], "hoi-lhpn",
            ["website", "facebook", "print", "event"], "2024-09-10", "vi",
            media=[{"file": "ap-phich-noi-khong-voi-tao-hon.png", "kind": "image", "data": PNG, "alt": {
                "vi": "Áp phích: một em gái đeo cặp sách đến trường", "km": "ផ្ទាំងរូបភាព៖ ក្មេងស្រីម្នាក់ទៅសាលារៀន",
                "hmn": "Daim duab tshaj tawm: ib tug ntxhais mus kawm ntawv",
                "en": "Poster: a girl with a school bag on her way to school"}}],
            versions=[
        Version("vi", "Nói không với tảo hôn",
                "Áp phích về tác hại của tảo hôn và tuổi kết hôn theo luật: nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi.",
                """\
![Áp phích: một em gái đeo cặp sách đến trường](ap-phich-noi-khong-voi-tao-hon.png)

Tảo hôn là việc lấy vợ, lấy chồng khi một bên hoặc cả hai bên chưa đủ tuổi kết hôn. Luật Hôn nhân và gia đình năm 2014 quy định nam từ đủ 20 tuổi và nữ từ đủ 18 tuổi mới được kết hôn.

Hãy để các em được đi học và lớn lên khỏe mạnh. Nghe thêm chương trình [Tảo hôn và sức khỏe](../tao-hon-va-suc-khoe/index.vi.md).
"""),
        Version("km", "បដិសេធអាពាហ៍ពិពាហ៍កុមារ",
                "ផ្ទាំងរូបភាពរំលឹកថា បុរសត្រូវមានអាយុគ្រប់២០ឆ្នាំ និងស្ត្រីត្រូវមានអាយុគ្រប់១៨ឆ្នាំ ទើបអាចរៀបការបាន។",
                """\
![ផ្ទាំងរូបភាព៖ ក្មេងស្រីម្នាក់ទៅសាលារៀន](ap-phich-noi-khong-voi-tao-hon.png)

អាពាហ៍ពិពាហ៍កុមារ គឺការរៀបការនៅពេលដែលភាគីម្ខាង ឬភាគីទាំងពីរមិនទាន់មានអាយុគ្រប់តាមច្បាប់កំណត់។ អាពាហ៍ពិពាហ៍កុមារ និងការបង្ខំឲ្យរៀបការ ត្រូវបានហាមឃាត់យ៉ាងតឹងរ៉ឹងដោយច្បាប់។
""", machine(), {"channels": ["print", "radio", "loudspeaker"]}),
        Version("hmn", "Tsis txhob yuav txij nkawm thaum tseem yau",
                "Daim duab tshaj tawm ceeb toom: txiv neej yuav tsum muaj hnub nyoog puv 20 xyoo, poj niam puv 18 "
                "xyoo thiaj li yuav txij nkawm tau.", """\
![Daim duab tshaj tawm: ib tug ntxhais mus kawm ntawv](ap-phich-noi-khong-voi-tao-hon.png)

Kev yuav txij nkawm thaum tseem yau yog thaum ib tug los yog ob tug neeg uas yuav txij nkawm tseem tsis tau muaj hnub nyoog txaus raws li txoj cai.
""", human(reviewed=False, translator="Vaj Txiab")),
        Version("en", "Say no to child marriage",
                "A poster on the harm child marriage does, and the legal age of marriage: 20 for men, 18 for "
                "women.", """\
![Poster: a girl with a school bag on her way to school](ap-phich-noi-khong-voi-tao-hon.png)

Child marriage is a marriage in which one or both spouses are under the legal age. The 2014 Law on Marriage and Family sets that age at 20 for men and 18 for women.
""", human()),
    ]),
    Product("tao-hon-va-suc-khoe", "audio", ["child-marriage"], "dai-ptth", ["radio", "loudspeaker", "website"],
            "2023-11-20", "vi", media=[{"file": "chuong-trinh-tao-hon-va-suc-khoe.mp3", "kind": "audio",
                                        "data": MP3, "alt": {
                "vi": "Chương trình phát thanh mười phút về tảo hôn và sức khỏe",
                "hmn": "Kev pab cuam xov tooj cua kaum feeb"}}],
            versions=[
        Version("vi", "Tảo hôn và sức khỏe",
                "Chương trình phát thanh về những nguy cơ của tảo hôn với sức khỏe của người mẹ trẻ và của em bé.",
                """\
## Nghe chương trình

Chương trình dài mười phút, phát trên loa truyền thanh cơ sở và đài huyện. Bác sĩ trạm y tế xã nói về sức khỏe của người mẹ trẻ và em bé.

## Những điều chính

- Mang thai khi còn quá trẻ làm tăng nguy cơ sinh non và tai biến.
- Các em gái kết hôn sớm thường phải bỏ học giữa chừng.
- Hãy khám thai đầy đủ và sinh con tại cơ sở y tế.
"""),
        Version("hmn", "Kev yuav txij nkawm thaum tseem yau thiab kev noj qab haus huv",
                "Qhov kev pab cuam xov tooj cua txog kev yuav txij nkawm thaum tseem yau thiab cov lus qhia rau "
                "niam txiv.", """\
## Cov ntsiab lus ntawm qhov kev pab cuam

Zaum no peb tham txog kev yuav txij nkawm thaum tseem yau ua rau cov ntxhais thiab cov tub hluas txoj kev noj qab haus huv li cas.

- Txhawb koj tus menyuam kom kawm ntawv tiav ua ntej yuav tsev neeg.
- Thaum muaj lus nug, nug lub chaw kho mob hauv xã.
""", human(reviewed=False, translator="Vaj Txiab"), {"channels": ["radio", "loudspeaker"]}),
    ], files={
        # The Hmong version has none: `commhub check` warns, the build says so at info level.
        "transcript.vi.md": """\
## Nghe chương trình

**Người dẫn:** Kính chào quý thính giả. Hôm nay bác sĩ Lan, trạm y tế xã, nói về sức khỏe của người mẹ trẻ.

**Bác sĩ:** Mang thai khi chưa đủ tuổi trưởng thành làm tăng nguy cơ sinh non. Hãy đi khám thai đủ bốn lần.
"""}),
    Product("ngon-ngu-ky-hieu-trong-doi-song", "video", ["disability-rights", "access-to-information"], "dai-ptth",
            ["youtube", "facebook", "website"], "2025-09-23", "vi",
            media=[{"file": "ngon-ngu-ky-hieu.webm", "kind": "video", "data": WEBM, "alt": {
                "vi": "Video ngắn về ngôn ngữ ký hiệu", "en": "A short video on sign language"}}],
            versions=[
        Version("vi", "Ngôn ngữ ký hiệu trong đời sống",
                "Video ngắn giới thiệu ngôn ngữ ký hiệu của cộng đồng người Điếc và những việc đơn giản giúp người "
                "Điếc tiếp cận thông tin.", """\
## Giới thiệu video

Ngôn ngữ ký hiệu là một ngôn ngữ hoàn chỉnh, có từ vựng và ngữ pháp riêng. Ngày 23 tháng 9 hằng năm là Ngày Quốc tế Ngôn ngữ ký hiệu.

[Ngôn ngữ ký hiệu trong đời sống (video 3 phút)](https://www.youtube.com/watch?v=kyHieu2025a)

- Chương trình truyền hình nên có phiên dịch ngôn ngữ ký hiệu hoặc phụ đề.
- Khi trò chuyện với người Điếc, hãy nhìn thẳng và nói rõ ràng.
"""),
        Version("en", "Sign language in daily life",
                "A short video on the sign language of the Deaf community, and simple things that help Deaf people "
                "get information.", """\
## About the video

Sign language is a complete language, with its own vocabulary and grammar. The International Day of Sign Languages is on 23 September.

[Sign language in daily life (3-minute video)](https://www.youtube.com/watch?v=kyHieu2025a)
""", human()),
    ], files={
        # English has a transcript but no captions: `commhub check` warns.
        "transcript.vi.md": "**Lời bình:** Ngôn ngữ ký hiệu có từ vựng và ngữ pháp riêng.\n",
        "transcript.en.md": "**Narrator:** Sign language has its own vocabulary and grammar.\n",
        "ngon-ngu-ky-hieu.vi.vtt": "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nNgôn ngữ ký hiệu có ngữ pháp riêng.\n",
    }),
    Product("cam-nang-phong-chong-bao-luc-gia-dinh", "handbook", ["domestic-violence", "legal-aid"], "hoi-lhpn",
            ["website", "print", "event"], "2024-11-25", "vi",
            media=[{"file": "cam-nang.pdf", "kind": "document", "data": PDF, "alt": {
                "vi": "Cẩm nang bỏ túi (PDF)", "zh": "袖珍手册（PDF）", "en": "Pocket handbook (PDF)",
                "fr": "Guide de poche (PDF)"}}],
            revised="""\
## Nhận biết bạo lực gia đình

Bạo lực gia đình không chỉ là đánh đập: chửi bới, cô lập, kiểm soát tiền bạc và cưỡng ép cũng là bạo lực.

## Tìm sự giúp đỡ ở đâu?

Hãy báo cho trưởng thôn, công an xã hoặc Hội Liên hiệp Phụ nữ xã. Nạn nhân được trợ giúp pháp lý và được bố trí nơi tạm lánh khi cần.

[Tải cẩm nang (PDF)](cam-nang.pdf)
""",
            versions=[
        Version("vi", "Cẩm nang phòng, chống bạo lực gia đình",
                "Cẩm nang bỏ túi: nhận biết bạo lực gia đình, nơi tìm sự giúp đỡ và quyền của nạn nhân.", """\
## Nhận biết bạo lực gia đình

Bạo lực gia đình không chỉ là đánh đập: chửi bới và cô lập cũng là bạo lực.

[Tải cẩm nang (PDF)](cam-nang.pdf)
"""),
        Version("en", "Handbook on preventing domestic violence",
                "A pocket handbook: recognising domestic violence, where to find help and the rights of victims.",
                """\
## Recognising domestic violence

Domestic violence is not only beating: insults and isolation are violence too.

[Download the handbook (PDF)](cam-nang.pdf)
""", human()),
    ]),
    Product("tong-dai-quoc-gia-bao-ve-tre-em-111", "news", ["childrens-rights"], "so-ttt",
            ["website", "facebook", "zalo", "radio"], "2025-06-01", "vi", versions=[
        Version("vi", "Tổng đài quốc gia bảo vệ trẻ em 111",
                "Gọi 111 miễn phí, mọi lúc, khi phát hiện trẻ em bị xâm hại hoặc có nguy cơ bị xâm hại.", """\
Tổng đài 111 tiếp nhận thông tin và kết nối ngay với các cơ quan có trách nhiệm để bảo vệ trẻ em. Cuộc gọi miễn phí và người gọi được giữ bí mật.

Ai cũng có thể gọi: trẻ em, cha mẹ, thầy cô và hàng xóm.
"""),
        Version("en", "National Child Protection Hotline 111",
                "Call 111, free of charge and at any hour, when a child is abused or at risk.", """\
The 111 hotline takes reports and puts callers in touch with the services that protect children. Calls are free and confidential.
""", human(translator="Nguyễn Thị Lan")),
        Version("zh", "国家儿童保护热线111", "发现儿童遭受侵害或面临危险时，请随时免费拨打111。", """\
111热线接收信息，并立即联系负责保护儿童的机构。通话免费并严格保密。
""", human(translator="王芳")),
    ]),
    Product("tro-giup-phap-ly-cho-dong-bao-khmer", "article", ["legal-aid"], "trung-tam-tro-giup-phap-ly",
            ["website", "radio", "loudspeaker"], "2024-08-15", "km", versions=[
        Version("km", "ជំនួយផ្នែកច្បាប់សម្រាប់បងប្អូនជនជាតិខ្មែរ",
                "បងប្អូនជនជាតិខ្មែរដែលរស់នៅតំបន់លំបាក សមាជិកគ្រួសារក្រីក្រ និងកុមារ "
                "អាចទទួលបានជំនួយផ្នែកច្បាប់ដោយឥតគិតថ្លៃ។", """\
## ជំនួយផ្នែកច្បាប់ជួយអ្វីខ្លះ?

នៅក្នុងជីវិតប្រចាំថ្ងៃ បងប្អូនអាចជួបបញ្ហាដូចជា ជម្លោះដីធ្លី ការបែងចែកមរតក ការលែងលះ ឬបញ្ហាការងារ។ មជ្ឈមណ្ឌលជំនួយផ្នែកច្បាប់របស់រដ្ឋខេត្តអាចជួយបងប្អូនដោយឥតគិតថ្លៃ។

## អាចនិយាយភាសាខ្មែរបាន

បងប្អូនអាចប្រាប់មន្ត្រីថា ចង់និយាយជាភាសាខ្មែរ។ សូមអានបន្ថែមអំពី[ជំនួយផ្នែកច្បាប់ដោយឥតគិតថ្លៃ](../tro-giup-phap-ly-mien-phi/index.km.md)។
"""),
        Version("vi", "Trợ giúp pháp lý cho đồng bào Khmer",
                "Đồng bào Khmer ở vùng khó khăn, thành viên hộ nghèo và trẻ em được trợ giúp pháp lý miễn phí.", """\
## Trợ giúp pháp lý giúp những gì?

Trong cuộc sống hằng ngày, bà con có thể gặp tranh chấp đất đai, chia thừa kế, ly hôn hay vướng mắc về việc làm. Trung tâm Trợ giúp pháp lý nhà nước giúp bà con miễn phí.

## Được nói tiếng Khmer

Bà con có thể đề nghị cán bộ nói chuyện bằng tiếng Khmer và được người phiên dịch hỗ trợ.
""", machine(reviewed=True) | {"translator": "Thạch Sa Rươne"}),
        Version("en", "Legal aid for Khmer people",
                "Khmer people in disadvantaged areas, members of poor households and children can get free legal "
                "aid.", """\
## What can legal aid help with?

Land disputes, inheritance, divorce or problems at work: the State Legal Aid Centre helps free of charge, and you may ask to speak Khmer.
""", machine()),
    ]),
    Product("giao-duc-hoa-nhap-cho-tre-khuyet-tat", "article", ["disability-rights", "childrens-rights"],
            "so-tu-phap", ["website"], "2023-09-05", "vi", versions=[
        Version("vi", "Giáo dục hòa nhập cho trẻ khuyết tật",
                "Nhà trường tạo điều kiện để trẻ khuyết tật học cùng các bạn: quyền được học hòa nhập và những "
                "việc cha mẹ có thể làm.", """\
## Quyền được học hòa nhập

Luật Người khuyết tật năm 2010 bảo đảm trẻ khuyết tật được học tập cùng các bạn trong trường phổ thông. Nhà trường có trách nhiệm tạo điều kiện về chỗ ngồi, tài liệu và cách đánh giá phù hợp.

## Cha mẹ có thể làm gì?

- Trao đổi thường xuyên với giáo viên chủ nhiệm.
- Đề nghị hỗ trợ học tập khi con cần.
"""),
        Version("en", "Inclusive education for children with disabilities",
                "Schools must make room for children with disabilities to learn alongside their classmates.", """\
## The right to inclusive education

The 2010 Law on Persons with Disabilities guarantees children with disabilities a place in ordinary schools, with suitable seating, materials and assessment.
""", human()),
        Version("fr", "L'éducation inclusive des enfants handicapés",
                "L'école doit permettre aux enfants handicapés d'apprendre avec leurs camarades.", """\
## Le droit à l'éducation inclusive

La loi de 2010 sur les personnes handicapées garantit aux enfants handicapés une place à l'école ordinaire, avec des supports et une évaluation adaptés.
""", human(translator="Claire Martin")),
    ]),
    Product("quyen-tiep-can-thong-tin-cua-cong-dan", "article", ["access-to-information"], "so-ttt",
            ["website", "facebook"], "2024-07-01", "vi", versions=[
        Version("vi", "Quyền tiếp cận thông tin của công dân",
                "Luật Tiếp cận thông tin năm 2016 tạo cơ sở để mọi công dân được biết thông tin của cơ quan nhà "
                "nước: thông tin nào được công khai và cách yêu cầu cung cấp.", """\
## Thông tin nào được công khai?

Văn bản quy phạm pháp luật, quy hoạch, ngân sách và thủ tục hành chính phải được công khai. Cơ quan nhà nước tạo điều kiện để người dân tra cứu dễ dàng trên cổng thông tin điện tử.

## Yêu cầu cung cấp thông tin

Công dân có thể đến trực tiếp, gửi phiếu yêu cầu qua bưu điện hoặc qua mạng.
"""),
        Version("zh", "公民获取信息的权利", "2016年《信息获取法》保障每个公民了解国家机关信息的权利：哪些信息必须公开，以及如何申请提供信息。",
                """\
## 哪些信息必须公开？

法律规范性文件、规划、预算和行政手续必须公开，公民可以在电子信息门户上查询。
""", human(translator="王芳")),
        Version("en", "Citizens' right of access to information",
                "The 2016 Law on Access to Information lets every citizen know what State bodies hold: what must be "
                "published and how to ask for the rest.", """\
## What must be published?

Legal documents, plans, budgets and administrative procedures must be published, and citizens can look them up on the e-portal.
""", human()),
        Version("fr", "Le droit d'accès à l'information",
                "La loi de 2016 sur l'accès à l'information : ce qui doit être publié et comment demander le reste.",
                "## Brouillon\n\nTraduction en cours.\n", human(reviewed=False, translator="Claire Martin"),
                {"status": "draft"}),
    ]),
    Product("hoi-dap-yeu-cau-cung-cap-thong-tin", "qa", ["access-to-information"], "so-ttt", ["website", "zalo"],
            "2025-01-10", "vi", versions=[
        Version("vi", "Hỏi đáp về yêu cầu cung cấp thông tin",
                "Ai được yêu cầu, gửi phiếu yêu cầu ở đâu và cơ quan nhà nước trả lời trong bao lâu.", """\
## Ai được yêu cầu cung cấp thông tin?

Mọi công dân đều có quyền yêu cầu. Người chưa đủ 18 tuổi yêu cầu thông qua cha mẹ hoặc người giám hộ.

## Bao lâu thì có trả lời?

Thông thường là 15 ngày làm việc kể từ ngày nhận phiếu yêu cầu hợp lệ, và có thể gia hạn thêm khi thông tin phức tạp.
"""),
    ]),
    Product("thong-tin-phap-ly-cho-nguoi-nuoc-ngoai", "article", ["access-to-information", "legal-aid"], "so-tu-phap",
            ["website"], "2025-04-15", "en", versions=[  # no Vietnamese version: Vietnamese readers see the English
        Version("en", "Legal information for foreign residents",
                "Where foreign residents can get legal information and help, in English, French and Chinese.", """\
## Where to ask

The Department of Justice answers questions from foreign residents about residence, work and family law. Write or call during office hours; an interpreter can be arranged.
"""),
        Version("fr", "Informations juridiques pour les résidents étrangers",
                "Où les résidents étrangers peuvent obtenir des informations et une aide juridiques.", """\
## À qui s'adresser

Le service de la justice répond aux questions des résidents étrangers sur le séjour, le travail et le droit de la famille. Un interprète peut être prévu.
""", human(translator="Claire Martin")),
        Version("zh", "外国居民法律信息", "外国居民可以在哪里获得法律信息和帮助。", """\
## 向谁咨询

司法厅解答外国居民关于居留、工作和家庭法的问题，并可安排翻译。
""", machine()),
    ]),
    Product("ban-nhap-chua-dang", "article", ["legal-aid"], "so-tu-phap", ["website"], "2025-02-02", "vi",
            status="draft", versions=[
        Version("vi", "Bản nháp chưa đăng", "Một bản nháp: không có trên trang web.",
                "Nội dung đang viết và chưa duyệt.\n"),
    ]),
]

# Short news items, in Vietnamese only: with the products above, more than one catalogue page (PER_PAGE).
NEWS = [
    ("tap-huan-hoa-giai-vien-co-so", "2023-04-12", "legal-aid", "so-tu-phap", ["website", "loudspeaker"],
     "Tập huấn kỹ năng cho hòa giải viên ở cơ sở",
     "Hơn một trăm hòa giải viên của các xã vùng sâu được tập huấn về kỹ năng hòa giải và những luật mới.",
     "Lớp tập huấn kéo dài hai ngày và có phần thực hành xử lý tình huống. Các hòa giải viên được phát sổ tay "
     "và danh bạ của cán bộ tư pháp xã."),
    ("ngay-phap-luat-viet-nam", "2023-11-09", "access-to-information", "so-tu-phap", ["website", "event"],
     "Hưởng ứng Ngày Pháp luật Việt Nam",
     "Các xã tổ chức sân chơi pháp luật và buổi hỏi đáp cho học sinh và người dân nhân ngày 9 tháng 11.",
     "Nhiều câu hỏi về đất đai, hôn nhân và thừa kế được cán bộ tư pháp giải đáp ngay tại chỗ."),
    ("tro-giup-phap-ly-luu-dong", "2024-04-18", "legal-aid", "trung-tam-tro-giup-phap-ly",
     ["website", "loudspeaker", "event"], "Trợ giúp pháp lý lưu động tại các xã biên giới",
     "Các trợ giúp viên pháp lý đến tận thôn, bản để tư vấn miễn phí cho bà con dân tộc thiểu số.",
     "Trong một tuần, đoàn đã tư vấn cho hơn hai trăm lượt người về đất đai và hộ tịch."),
    ("chuyen-muc-phap-luat-va-doi-song", "2024-10-02", "access-to-information", "dai-ptth", ["radio", "website"],
     "Chuyên mục Pháp luật và đời sống lên sóng hằng tuần",
     "Chuyên mục phát vào tối thứ Năm trên sóng phát thanh và được đăng lại trên cổng thông tin.",
     "Mỗi số có một khách mời là luật sư hoặc cán bộ tư pháp và trả lời câu hỏi của thính giả."),
    ("hoi-thi-tuyen-truyen-vien-binh-dang-gioi", "2025-03-06", "gender-equality", "hoi-lhpn",
     ["website", "facebook", "event"], "Hội thi tuyên truyền viên về bình đẳng giới",
     "Mười hai đội thi đến từ các huyện trình bày tiểu phẩm về chia sẻ việc nhà và chăm sóc con.",
     "Ban giám khảo chấm điểm nội dung, cách trình bày và sự tham gia của khán giả."),
    ("noi-chuyen-ve-an-toan-o-truong-hoc", "2025-05-20", "domestic-violence", "hoi-lhpn", ["website", "event"],
     "Nói chuyện về an toàn cho học sinh",
     "Học sinh trung học được hướng dẫn cách nhận biết bạo lực và tìm người giúp đỡ.",
     "Các em được nghe chia sẻ từ giáo viên và cán bộ công an xã, rồi cùng làm bản đồ những nơi an toàn."),
    ("phat-the-cu-tri-den-tung-nha", "2025-02-14", "voting", "so-ttt", ["website", "loudspeaker"],
     "Phát thẻ cử tri đến từng nhà",
     "Tổ bầu cử đến từng hộ gia đình để phát thẻ cử tri và nhắc ngày bầu cử.",
     "Cử tri kiểm tra tên của mình trong danh sách và báo ngay cho tổ bầu cử nếu có sai sót."),
    ("ho-tro-nguoi-khuyet-tat-lam-thu-tuc", "2025-07-30", "disability-rights", "so-ttt", ["website", "zalo"],
     "Hỗ trợ người khuyết tật làm thủ tục hành chính",
     "Bộ phận một cửa của các xã bố trí lối đi và người hướng dẫn riêng cho người khuyết tật.",
     "Người khuyết tật nặng được nhận hồ sơ tại nhà và được giải quyết trước."),
]

DOCS = {  # page name: {lang: (title, body)}
    "index": {
        "vi": ("Cổng thông tin thử nghiệm", "## Chào mừng\n\nCổng thông tin tập hợp bài viết, tin tức, đồ họa, video, "
               "chương trình phát thanh, tờ rơi, áp phích, cẩm nang và hỏi đáp về pháp luật. Xem "
               "[Giới thiệu](about.md) và [Hướng dẫn đọc](reading.md).\n"),
        "km": ("ទំព័រដើម", "## សូមស្វាគមន៍\n\nគេហទំព័រនេះប្រមូលផ្តុំ អត្ថបទ ព័ត៌មាន ក្រាហ្វិកព័ត៌មាន វីដេអូ "
               "កម្មវិធីវិទ្យុ ខិត្តប័ណ្ណ ផ្ទាំងរូបភាព សៀវភៅណែនាំ និងសំណួរចម្លើយ។\n"),
        "hmn": ("Nplooj ntawv pib", "## Zoo siab txais tos\n\nLub vev xaib no sau ua ke cov ntawv sau, xov xwm, "
                "yeeb yaj kiab thiab cov lus nug lus teb.\n"),
        "zh": ("首页", "## 欢迎\n\n本网站汇集有关法律的文章、新闻、信息图、视频、广播节目、传单、海报、手册和问答。\n"),
        "en": ("Home", "## Welcome\n\nThis portal gathers articles, news, infographics, videos, radio programmes, "
               "leaflets, posters, handbooks and Q&A on the law. See [About](about.md).\n"),
        "fr": ("Accueil", "## Bienvenue\n\nCe portail réunit des articles, des actualités, des vidéos, des émissions "
               "de radio, des dépliants et des questions-réponses sur le droit.\n"),
    },
    "about": {
        "vi": ("Giới thiệu", "## Về cổng thông tin\n\nCổng thông tin do các cơ quan trong tỉnh cùng thực hiện. Mỗi "
               "sản phẩm ghi rõ đơn vị thực hiện, chủ đề, kênh phát hành và các bản ngôn ngữ hiện có.\n\n"
               "![Sơ đồ các bản ngôn ngữ của cổng thông tin](so-do-cong-thong-tin.png)\n\n"
               "| Ngôn ngữ | Số sản phẩm |\n| :-- | --: |\n| Tiếng Việt | nhiều nhất |\n| Tiếng Khmer | một phần |\n"),
        "km": ("អំពីយើង", "## អំពីគេហទំព័រ\n\nផលិតផលនីមួយៗបង្ហាញអង្គភាពផលិត ប្រធានបទ បណ្តាញផ្សព្វផ្សាយ "
               "កាលបរិច្ឆេទផ្សាយ និងកំណែភាសាដែលមាន។\n"),
        "hmn": ("Txog peb", "## Txog lub vev xaib\n\nTxhua yam khoom qhia lub koom haum uas ua, lub ntsiab lus thiab "
                "cov lus uas muaj.\n"),
        "zh": ("关于本站", "## 关于本站\n\n每件产品都注明制作单位、主题、传播渠道、发布日期和现有的语言版本。\n"),
        "en": ("About", "## About the portal\n\nEach product names the agency that made it, its topics, its channels "
               "and the languages it exists in.\n"),
        "fr": ("À propos", "## À propos du portail\n\nChaque produit indique l'organisme qui l'a réalisé, ses thèmes, "
               "ses canaux de diffusion et les langues dans lesquelles il existe.\n"),
    },
    "reading": {  # two languages only: the others show the Vietnamese page with a notice
        "vi": ("Hướng dẫn đọc", "## Chọn ngôn ngữ\n\nDùng bộ chọn ngôn ngữ ở đầu trang. Khi một sản phẩm chưa có bản "
               "dịch, trang hiện bản gốc kèm thông báo.\n"),
        "en": ("Reading guide", "## Choosing a language\n\nUse the language selector at the top of the page. A "
               "product not translated yet shows its original, with a notice.\n"),
    },
}
DOCS_MEDIA = {"so-do-cong-thong-tin.png": PNG}


# --- writing ------------------------------------------------------------------------------------------

def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(unicodedata.normalize("NFC", text), ensure_ascii=False)


def flow(items) -> str:
    return "[" + ", ".join(items) + "]"


def names_yaml(names: dict[str, str], indent: str) -> str:
    return "".join(f"{indent}{lang}: {q(name)}\n" for lang, name in names.items())


def named_yaml(key: str, entries: dict, group: bool = False) -> str:
    """A registry (channels, units, topics): id, names by language, and a channel's group."""
    text = f"{key}:\n"
    for entry_id, entry in entries.items():
        kind, names = entry if group else (None, entry)
        text += f"  - id: {entry_id}\n    name:\n{names_yaml(names, ' ' * 6)}" + (f"    group: {kind}\n" if group else "")
    return text


def registries_yaml() -> dict[str, str]:
    languages = "# Ngôn ngữ của cổng thông tin: mã, tên, nhóm, ngôn ngữ mặc định, giao diện thay thế.\nlanguages:\n"
    for language in LANGUAGES:
        languages += f"  - code: {language['code']}\n    name: {q(language['name'])}\n    group: {language['group']}\n"
        if language.get("default"):
            languages += "    default: true\n"
        if language.get("ui_fallback"):
            languages += f"    ui_fallback: {language['ui_fallback']}\n"
    return {"languages.yml": languages, "channels.yml": named_yaml("channels", CHANNELS, group=True),
            "units.yml": named_yaml("units", UNITS), "topics.yml": named_yaml("topics", TOPICS)}


def product_yaml(product: Product) -> str:
    text = (f"type: {product.type}\ntopics: {flow(product.topics)}\nunit: {product.unit}\n"
            f"channels: {flow(product.channels)}\npublished: {product.published}\n"
            f"original_language: {product.original}\nstatus: {product.status}\n")
    if product.media:
        text += "media:\n" + "".join(f"  - file: {media['file']}\n    kind: {media['kind']}\n"
                                     f"    alt:\n{names_yaml(media['alt'], ' ' * 6)}" for media in product.media)
    return text


def scalar(key: str, value) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return flow(value) if isinstance(value, list) else q(value) if key == "translator" else str(value)


def version_text(version: Version, source_sha: str | None) -> str:
    front = f"title: {q(version.title)}\nsummary: {q(version.summary)}\n"
    front += "".join(f"{key}: {scalar(key, value)}\n" for key, value in version.fields.items())
    if version.translation is not None:
        front += "translation:\n" + "".join(f"  {key}: {scalar(key, value)}\n"
                                            for key, value in version.translation.items())
        front += f"  source_sha: {source_sha}\n"
    return f"---\n{front}---\n\n{unicodedata.normalize('NFC', version.body)}"


def news_products() -> list[Product]:
    return [Product(slug, "news", [topic], unit, channels, published, "vi",
                    [Version("vi", title, summary, f"{body}\n")])
            for slug, published, topic, unit, channels, title, summary, body in NEWS]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_product(products_dir: Path, product: Product) -> None:
    folder = products_dir / product.slug
    write(folder / "product.yml", product_yaml(product))
    for media in product.media:
        (folder / media["file"]).write_bytes(media["data"])
    for name, text in product.files.items():
        write(folder / name, text)
    original = folder / f"index.{product.original}.md"
    for version in product.versions:
        sha = hashlib.sha256(original.read_bytes()).hexdigest() if version.translation is not None else None
        write(folder / f"index.{version.lang}.md", version_text(version, sha))
    if product.revised is not None:  # the original changed after it was translated
        first = next(version for version in product.versions if version.lang == product.original)
        write(original, version_text(Version(first.lang, first.title, first.summary, product.revised), None))


def make_hub(root: Path) -> Path:
    """Write the hub (content/, docs/, mkdocs.yml) into `root`; return `root`."""
    content = root / "content"
    for name, text in registries_yaml().items():
        write(content / name, text)
    write(content / "targets.yml", TARGETS_YML)
    write(content / "plans" / "de-an-2023-2025.yml", SCHEME_YML)
    for product in [*PRODUCTS, *news_products()]:
        write_product(content / "products", product)
    for name, versions in DOCS.items():
        for lang, (title, body) in versions.items():
            suffix = "" if lang == LANGUAGES[0]["code"] else f".{lang}"
            page = f"---\ntitle: {q(title)}\n---\n\n{unicodedata.normalize('NFC', body)}"
            write(root / "docs" / f"{name}{suffix}.md", page)
    for name, data in DOCS_MEDIA.items():
        (root / "docs" / name).write_bytes(data)
    write(root / "mkdocs.yml", MKDOCS_YML)
    return root


@functools.cache
def shared_hub() -> Path:
    """One hub for the whole test run, written on first use (also while pytest collects the browser
    tests, whose parameters come from it) into a temporary folder removed at exit. Read it; never
    change it: a test that edits a hub makes its own with make_hub(tmp_path)."""
    folder = Path(tempfile.mkdtemp(prefix="commhub-hub-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return make_hub(folder / "hub")


def hub_text_files(root: Path) -> list[Path]:
    """The Markdown and YAML an editor wrote in a hub: content/ and docs/."""
    content = root / "content"
    return sorted([*content.rglob("*.md"), *content.rglob("*.yml"), *(root / "docs").rglob("*.md")])

