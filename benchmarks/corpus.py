"""A deterministic synthetic Chinese site for benchmarks (not a test): N stories plus the example centres.

    python benchmarks/corpus.py DIR --stories 1000 [--seed 0]

Each story is about 2,200 characters of varied Chinese prose assembled from phrase lists written for
this file (headings, paragraphs, a quote, sometimes a list), 1–2 generated photos (400×300 JPEG,
the first one the cover), 1–3 tags from a pool of 30, one of the example site's three centres
(sometimes one of its activities), and a date spread over 2016–2026. The site's settings and
schedules are the project's own site.yaml and calendars/, so stories link to real centres.

The same (stories, seed) always gives the same bytes: every choice comes from random.Random seeded
per story, photos from seeded noise (Pillow's JPEG encoder is deterministic for a given version).
Self-contained: it imports nothing from sitegen, so it measures sitegen rather than depending on it.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import shutil
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
TARGET_CHARS = 2200
PHOTO_SIZE = (400, 300)
FIRST_DAY, LAST_DAY = dt.date(2016, 1, 1), dt.date(2026, 11, 20)  # all before the benchmark's --today

# (centre id, its activities) as in the project's calendars/
CENTRES = {
    "qingshi": ["secretary-on-duty", "free-clinic", "market-services", "chongyang-opera", "charity-market",
                "secretary-meeting"],
    "chongdeyuan": ["homework-class", "haircut", "repair-and-mending", "neighbourhood-concert", "fan-dance",
                    "knitting"],
    "liuan": ["hulusi", "health-talk", "grid-meeting"],
}
CENTRE_NAMES = {"qingshi": "青石街道", "chongdeyuan": "崇德苑社区", "liuan": "柳岸社区"}

TAGS = ["文化活动", "健康服务", "义诊", "老年人", "儿童", "志愿服务", "党建活动", "邻里音乐会", "葫芦丝", "垃圾分类",
        "便民服务", "敬老", "四点半课堂", "安全宣传", "防诈骗", "节日活动", "重阳节", "春节", "端午节", "中秋节",
        "读书会", "网格治理", "环境整治", "就业服务", "法律援助", "心理健康", "体育健身", "手工编织", "消防演练", "文明实践"]
AUTHORS = ["林晓雯", "孙立平", "周敏", "陈思远", "赵鹏", "刘芳", "吴建国", "郑雪", "何静", "马超"]
PHOTO_NAMES = ["hall", "stage", "desk", "class", "square", "team", "garden", "corridor", "kitchen", "library"]

TIMES = ["周六上午", "周三下午", "清晨七点", "傍晚时分", "午饭过后", "开学第一周", "入冬以来", "节前一天", "雨后的周日",
         "月初", "连着三个周末", "每天下午四点半", "国庆假期里", "春节前夕", "暑假期间", "刚过八点"]
PLACES = ["多功能厅", "老年活动室", "二楼阅览室", "健康小屋", "小区广场", "三号楼楼道", "儿童之家", "社区食堂", "党员活动室",
          "居民议事厅", "中心门口的空地", "书画室", "便民服务窗口", "后院的小花园", "一楼大厅", "楼顶的小菜园"]
PEOPLE = ["退休教师王阿姨", "志愿者小李", "网格员老张", "社区书记", "几位居民代表", "孩子们", "老人们", "坐诊的医生",
          "党员志愿者", "楼长刘师傅", "大学生志愿者", "舞蹈队的姐妹们", "物业经理", "辖区民警", "共建单位的职工",
          "八十多岁的钱奶奶", "刚搬来的年轻夫妻", "社工小周"]
ACTIONS = ["摆好了桌椅", "耐心地讲解注意事项", "一遍遍地排练", "挨家挨户发放通知", "把活动安排写上了黑板",
           "手把手地教大家操作手机", "给每位老人量了血压", "帮着登记报名信息", "拉起了横幅", "整理出一份居民需求清单",
           "把旧物分门别类摆开", "带着孩子们做手工", "为行动不便的老人送去午餐", "检查了楼道里的灭火器",
           "在展板前拍照留念", "围坐在一起拉家常", "商量下一次活动的主题", "把新买的图书编号上架"]
FEELINGS = ["笑得合不拢嘴", "觉得心里暖洋洋的", "直说这样的活动多多益善", "连连点头", "当场报了名",
            "舍不得离开", "把照片发到了家庭群里", "约好了下周再来", "竖起了大拇指", "说比在家里热闹多了"]
GOALS = ["让老人少跑腿", "把服务送到家门口", "解决孩子放学后没人管的难题", "让新居民尽快融入社区", "提高居民的防骗意识",
         "让垃圾分类成为习惯", "把议事会开到居民身边", "让闲置的房间用起来", "帮助困难家庭渡过难关", "让楼道重新亮起来"]
MEASURES = ["每周固定开放两个半天", "招募了二十多名志愿者", "设立了意见箱和线上问卷", "与辖区医院签订了共建协议",
            "把服务时间延长到晚上八点", "建立了一户一档的台账", "请来专业老师定期授课", "开通了预约热线",
            "腾出一楼朝南的房间", "引入社会组织参与运营"]
EFFECTS = ["参加的居民一次比一次多", "投诉电话明显少了", "老人们有了固定的去处", "家长们接孩子时也安心了",
           "不少居民主动当起了志愿者", "邻里之间走动得更勤了", "楼道里再没有堆放杂物", "小区的面貌焕然一新"]
UNITS = ["人次", "场", "户", "名志愿者", "件实事", "个小时", "份问卷", "张服务卡"]
PERIODS = ["今年以来", "近三个月", "去年一年", "活动开办至今", "上半年", "这个季度"]
QUOTES = ["以前总觉得这些事离我们很远，现在就在楼下", "只要大家需要，我们就一直办下去", "孩子回家主动说要分类扔垃圾",
          "来这儿坐坐，比一个人在家看电视强", "有问题找中心，一个电话就有人来", "我年纪大了，能帮一点是一点",
          "下次我把老伴也带来", "这些细节，只有住在这里的人才知道", "活动不在大小，贵在坚持", "邻居们都熟了，心也近了"]
HEAD_A = ["家门口", "小楼道", "老房子", "一张桌子", "一通电话", "一本台账", "周末课堂", "邻里之间", "小菜园", "红马甲"]
HEAD_B = ["大民生", "新变化", "暖人心", "有温度", "聚人气", "见实效", "解难题", "结对子", "添色彩", "常态化"]
LIST_ITEMS = ["提前一天电话预约", "携带身份证或医保卡", "行动不便的可申请上门服务", "活动期间请看管好孩子",
              "报名截止到本周五", "自带水杯，减少一次性用品", "有疑问可在服务窗口咨询", "名额有限，先到先得",
              "雨天改在室内进行", "请按楼栋顺序排队"]


def _number(rng: random.Random) -> str:
    n = rng.choice([rng.randint(3, 99), rng.randint(100, 999), rng.randint(1000, 9999)])
    return str(n)


def _sentence(rng: random.Random, centre: str) -> str:
    kind = rng.randrange(7)
    if kind == 0:
        return f"{rng.choice(TIMES)}，{rng.choice(PEOPLE)}在{rng.choice(PLACES)}{rng.choice(ACTIONS)}。"
    one, two = rng.sample(PEOPLE, 2)
    if kind == 1:
        return f"{one}{rng.choice(ACTIONS)}，{two}{rng.choice(FEELINGS)}。"
    if kind == 2:
        return (f"为了{rng.choice(GOALS)}，{CENTRE_NAMES[centre]}党群服务中心{rng.choice(MEASURES)}，"
                f"{rng.choice(EFFECTS)}。")
    if kind == 3:
        return f"{rng.choice(PERIODS)}，这里累计服务{_number(rng)}{rng.choice(UNITS)}，{rng.choice(EFFECTS)}。"
    if kind == 4:
        first, second = rng.sample(QUOTES, 2)
        return f"“{first}，”{one}说，“{second}。”"
    if kind == 5:
        return f"{rng.choice(PLACES)}里，{one}{rng.choice(ACTIONS)}，一旁的{two}{rng.choice(FEELINGS)}。"
    return f"说起{rng.choice(GOALS)}，{rng.choice(PEOPLE)}{rng.choice(FEELINGS)}，因为{rng.choice(EFFECTS)}。"


def _photo(rng: random.Random) -> bytes:
    """A 400×300 JPEG with photo-like smooth colour fields and a few shapes: unique per draw."""
    noise = Image.frombytes("RGB", (20, 15), rng.randbytes(20 * 15 * 3))
    picture = noise.resize(PHOTO_SIZE, Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(picture)
    for _ in range(rng.randint(3, 6)):
        x, y = rng.randrange(PHOTO_SIZE[0]), rng.randrange(PHOTO_SIZE[1])
        w, h = rng.randint(20, 160), rng.randint(20, 120)
        colour = tuple(rng.randrange(256) for _ in range(3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)((x, y, x + w, y + h), fill=colour)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def story(number: int, seed: int = 0) -> dict:
    """Story `number` (0-based) as plain data: front matter fields, Markdown body, photos (name → bytes)."""
    rng = random.Random(f"sitegen-bench/{seed}/{number}")
    centre = rng.choice(sorted(CENTRES))
    day = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    photos = {f"{rng.choice(PHOTO_NAMES)}-{i + 1}.jpg": _photo(rng) for i in range(rng.randint(1, 2))}
    names = list(photos)
    title = f"{CENTRE_NAMES[centre]}：{rng.choice(HEAD_A)}{rng.choice(HEAD_B)}，{rng.choice(PEOPLE)}{rng.choice(FEELINGS)}"
    blocks: list[str] = []
    length = 0
    while length < TARGET_CHARS:
        if blocks and rng.random() < 0.18:
            block = f"## {rng.choice(HEAD_A)}{rng.choice(HEAD_B)}"
        elif blocks and rng.random() < 0.08:
            block = "\n".join(f"- {item}；" for item in rng.sample(LIST_ITEMS, 3))
        else:
            block = "".join(_sentence(rng, centre) for _ in range(rng.randint(3, 5)))
        blocks.append(block)
        length += len(block)
        if len(names) == 2 and len(blocks) == 4:
            blocks.append(f'![{rng.choice(PEOPLE)}在{rng.choice(PLACES)}]({names[1]} "▲ {rng.choice(PEOPLE)}{rng.choice(ACTIONS)}。")')
    fields = {
        "title": title,
        "slug": f"story-{number:06d}",
        "date": day.isoformat(),
        "authors": [rng.choice(AUTHORS)],
        "centres": [centre],
        "tags": rng.sample(TAGS, rng.randint(1, 3)),
        "cover": names[0],
        "cover_alt": f"{rng.choice(PEOPLE)}在{rng.choice(PLACES)}",
    }
    if rng.random() < 0.5:
        fields["activities"] = [f"{centre}/{rng.choice(CENTRES[centre])}"]
    return {"fields": fields, "body": "\n\n".join(blocks) + "\n", "photos": photos}


def _yaml_list(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def front_matter(fields: dict) -> str:
    """sitegen's YAML front matter (every value here is plain: no quoting needed)."""
    lines = []
    for key, value in fields.items():
        lines.append(f"{key}: {_yaml_list(value) if isinstance(value, list) else value}")
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def make_corpus(folder: Path, stories: int, seed: int = 0) -> Path:
    """Write a sitegen site with `stories` stories into `folder` (created; must not hold a site yet)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "site.yaml", folder / "site.yaml")
    shutil.copytree(ROOT / "calendars", folder / "calendars")
    root = folder / "content" / "stories"
    for number in range(stories):
        item = story(number, seed)
        where = root / item["fields"]["slug"]
        where.mkdir(parents=True)
        (where / "index.md").write_text(front_matter(item["fields"]) + item["body"], encoding="utf-8")
        for name, data in item["photos"].items():
            (where / name).write_bytes(data)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    make_corpus(args.folder, args.stories, args.seed)
    print(f"{args.stories} stories in {args.folder}")


if __name__ == "__main__":
    main()
