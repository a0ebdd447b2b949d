"""The one catalogue of user-facing strings (bot and composed answers) in English, Russian and Kyrgyz.

Plain text; the bot's render.py escapes it.
"""

from __future__ import annotations

LANGUAGES = ("en", "ru", "ky")

_EN = {
    "start": (
        "Hello, {name}! I am the assistant of the UNDP Kyrgyzstan Digital Task Force.\n\n"
        "I answer from the Task Force's documents: digital strategies and roadmaps, the project "
        "portfolio, staff profiles and expertise registers, policies and reports. Every answer lists "
        "its sources.\n\n"
        "Just write a question, for example:\n"
        "• What are the priorities of the digital transformation concept?\n"
        "• Who has experience with e-government services?\n"
        "• Which projects work on digital skills?\n\n"
        "Commands: /experts topic, /projects topic, /align project, /sources, /new, /lang, /help"
    ),
    "help": (
        "Write a question in English, Russian or Kyrgyz, or use a command:\n"
        "/ask question — ask explicitly (needed in groups)\n"
        "/experts topic — who knows about a topic\n"
        "/projects topic — related projects\n"
        "/align project — how a project aligns with the strategies\n"
        "/sources — sources of the last answer\n"
        "/new — start a new conversation\n"
        "/lang en|ru|ky — interface language\n"
        "In groups I answer when mentioned, replied to, or addressed with a command."
    ),
    "help_admin": "Admin: /stats, /reindex, /allow id, /deny id, /users",
    "unavailable": "The knowledge base is temporarily unavailable. Please try again in a minute.",
    "refused": (
        "Sorry, this assistant is only available to members of the UNDP Kyrgyzstan Digital Task Force. "
        "If you should have access, send your user id {user_id} to a Task Force administrator."
    ),
    "rate_limited": (
        "You are asking faster than I can answer ({limit} questions per minute). Please wait a moment."
    ),
    "too_long": "Your question is too long ({length} characters; the limit is {limit}). Please shorten it.",
    "usage_ask": "Usage: /ask your question",
    "usage_experts": "Usage: /experts topic, e.g. /experts e-government",
    "usage_projects": "Usage: /projects topic, e.g. /projects digital skills",
    "usage_align": "Usage: /align project code or title",
    "new": "OK, starting a new conversation.",
    "lang_set": "Interface language: English.",
    "lang_usage": "Usage: /lang en|ru|ky",
    "no_sources": "There is no answer with sources yet.",
    "sources": "Sources",
    "contacts": "Contacts",
    "no_contacts": "No contact details are available for this answer.",
    "restricted": "restricted",
    "thanks": "Thanks for the feedback!",
    "ask_comment": "Thanks. If you like, reply with one message saying what was wrong.",
    "comment_saved": "Thank you, your comment has been saved.",
    "admin_only": "This command is only for administrators.",
    "reindex_started": "Re-indexing started. I will report when it is done.",
    "reindex_running": "Re-indexing is already running.",
    "reindex_done": "Re-indexing finished. {summary}",
    "reindex_failed": "Re-indexing failed: {error}",
    "schedule_title": "Scheduled re-index (every {interval})",
    "schedule_off": "Scheduled re-index: off",
    "schedule_none": "no round has finished yet",
    "schedule_done": (
        "last round {start} → {end} UTC: {added} added, {updated} updated, {removed} removed, {failed} failed"
    ),
    "schedule_skipped": "last round {start} UTC skipped: another host was ingesting",
    "schedule_error": "last round {start} UTC failed: {reason}",
    "usage_allow": "Usage: /allow user_id",
    "usage_deny": "Usage: /deny user_id",
    "allowed": "User {user_id} can now use the assistant.",
    "denied": "User {user_id} can no longer use the assistant.",
    "users": "Users",
    "stats": "Statistics",
    "unknown_command": "Unknown command. See /help.",
    "expired": "This button has expired.",
    "btn_sources": "Sources",
    "btn_contact": "Contact",
    "help_access": (
        "Access: /grant id group, /revoke id group; in a group chat /chatlevel public|staff|group:name "
        "(what answers there may draw on; default public)"
    ),
    "usage_grant": "Usage: /grant user_id group, e.g. /grant 123456 taskforce",
    "usage_revoke": "Usage: /revoke user_id group, e.g. /revoke 123456 taskforce",
    "bad_group": "“{group}” is not a valid group name (letters, digits, _ . - ; at most 64 characters).",
    "granted": "User {user_id} is now a member of group {group}.",
    "revoked": "User {user_id} is no longer a member of group {group}.",
    "revoke_in_settings": (
        "User {user_id} is in group {group} through DTBOT_GROUPS; remove them there and restart the bot."
    ),
    "usage_chatlevel": "Usage, in the group chat itself: /chatlevel public|staff|group:name",
    "chatlevel_private": "Send /chatlevel in the group chat whose level you want to set.",
    "chatlevel_set": "Answers in this chat now draw only on documents visible at level “{level}”.",
    "groups": "Groups",
}

_RU = {
    "start": (
        "Здравствуйте, {name}! Я ассистент Цифровой рабочей группы ПРООН в Кыргызстане.\n\n"
        "Я отвечаю по документам группы: цифровые стратегии и дорожные карты, портфель проектов, "
        "профили и реестры экспертизы сотрудников, политики и отчёты. К каждому ответу прилагаются "
        "источники.\n\n"
        "Просто напишите вопрос, например:\n"
        "• Каковы приоритеты концепции цифровой трансформации?\n"
        "• Кто имеет опыт в электронном правительстве?\n"
        "• Какие проекты развивают цифровые навыки?\n\n"
        "Команды: /experts тема, /projects тема, /align проект, /sources, /new, /lang, /help"
    ),
    "help": (
        "Напишите вопрос на русском, кыргызском или английском, или используйте команду:\n"
        "/ask вопрос — задать вопрос (нужно в группах)\n"
        "/experts тема — кто разбирается в теме\n"
        "/projects тема — связанные проекты\n"
        "/align проект — соответствие проекта стратегиям\n"
        "/sources — источники последнего ответа\n"
        "/new — начать новый разговор\n"
        "/lang en|ru|ky — язык интерфейса\n"
        "В группах я отвечаю, когда меня упоминают, отвечают на моё сообщение или используют команду."
    ),
    "help_admin": "Администратор: /stats, /reindex, /allow id, /deny id, /users",
    "unavailable": "База знаний временно недоступна. Пожалуйста, попробуйте через минуту.",
    "refused": (
        "Извините, ассистент доступен только участникам Цифровой рабочей группы ПРООН в Кыргызстане. "
        "Если вам нужен доступ, сообщите администратору группы ваш id пользователя {user_id}."
    ),
    "rate_limited": (
        "Вы задаёте вопросы быстрее, чем я успеваю отвечать ({limit} в минуту). Пожалуйста, подождите."
    ),
    "too_long": "Вопрос слишком длинный ({length} символов; максимум {limit}). Пожалуйста, сократите его.",
    "usage_ask": "Использование: /ask ваш вопрос",
    "usage_experts": "Использование: /experts тема, например /experts электронное правительство",
    "usage_projects": "Использование: /projects тема, например /projects цифровые навыки",
    "usage_align": "Использование: /align код или название проекта",
    "new": "Хорошо, начинаем новый разговор.",
    "lang_set": "Язык интерфейса: русский.",
    "lang_usage": "Использование: /lang en|ru|ky",
    "no_sources": "Пока нет ответа с источниками.",
    "sources": "Источники",
    "contacts": "Контакты",
    "no_contacts": "Для этого ответа нет контактных данных.",
    "restricted": "ограниченный доступ",
    "thanks": "Спасибо за отзыв!",
    "ask_comment": "Спасибо. Если хотите, напишите одним сообщением, что было не так.",
    "comment_saved": "Спасибо, ваш комментарий сохранён.",
    "admin_only": "Эта команда только для администраторов.",
    "reindex_started": "Переиндексация запущена. Я сообщу, когда она завершится.",
    "reindex_running": "Переиндексация уже идёт.",
    "reindex_done": "Переиндексация завершена. {summary}",
    "reindex_failed": "Переиндексация не удалась: {error}",
    "schedule_title": "Переиндексация по расписанию (каждые {interval})",
    "schedule_off": "Переиндексация по расписанию: выключена",
    "schedule_none": "ещё ни один запуск не завершился",
    "schedule_done": (
        "последний запуск {start} → {end} UTC: добавлено {added}, обновлено {updated}, удалено {removed}, "
        "с ошибкой {failed}"
    ),
    "schedule_skipped": "последний запуск {start} UTC пропущен: индексировал другой сервер",
    "schedule_error": "последний запуск {start} UTC не удался: {reason}",
    "usage_allow": "Использование: /allow id_пользователя",
    "usage_deny": "Использование: /deny id_пользователя",
    "allowed": "Пользователь {user_id} теперь может пользоваться ассистентом.",
    "denied": "Пользователь {user_id} больше не может пользоваться ассистентом.",
    "users": "Пользователи",
    "stats": "Статистика",
    "unknown_command": "Неизвестная команда. См. /help.",
    "expired": "Эта кнопка устарела.",
    "btn_sources": "Источники",
    "btn_contact": "Контакты",
    "help_access": (
        "Доступ: /grant id группа, /revoke id группа; в групповом чате /chatlevel public|staff|group:имя "
        "(на какие документы могут опираться ответы в нём; по умолчанию public)"
    ),
    "usage_grant": "Использование: /grant id_пользователя группа, например /grant 123456 taskforce",
    "usage_revoke": "Использование: /revoke id_пользователя группа, например /revoke 123456 taskforce",
    "bad_group": "«{group}» — недопустимое имя группы (буквы, цифры, _ . - ; не более 64 символов).",
    "granted": "Пользователь {user_id} теперь в группе {group}.",
    "revoked": "Пользователь {user_id} больше не в группе {group}.",
    "revoke_in_settings": (
        "Пользователь {user_id} входит в группу {group} через DTBOT_GROUPS; уберите его там и "
        "перезапустите бота."
    ),
    "usage_chatlevel": "Использование, в самом групповом чате: /chatlevel public|staff|group:имя",
    "chatlevel_private": "Отправьте /chatlevel в том групповом чате, уровень которого нужно задать.",
    "chatlevel_set": "Ответы в этом чате теперь опираются только на документы уровня «{level}».",
    "groups": "Группы",
}

_KY = {
    "start": (
        "Саламатсызбы, {name}! Мен БУУӨПтүн Кыргызстандагы Санариптик жумушчу тобунун жардамчысымын.\n\n"
        "Мен топтун документтери боюнча жооп берем: санариптик стратегиялар жана жол карталары, "
        "долбоорлор портфели, кызматкерлердин профилдери жана тажрыйба реестрлери, саясаттар жана "
        "отчеттор. Ар бир жоопко булактар тиркелет.\n\n"
        "Жөн гана суроо жазыңыз, мисалы:\n"
        "• Санариптик трансформация концепциясынын артыкчылыктары кандай?\n"
        "• Электрондук өкмөт боюнча ким тажрыйбалуу?\n"
        "• Кайсы долбоорлор санариптик көндүмдөрдү өнүктүрөт?\n\n"
        "Буйруктар: /experts тема, /projects тема, /align долбоор, /sources, /new, /lang, /help"
    ),
    "help": (
        "Суроону кыргызча, орусча же англисче жазыңыз, же буйрук колдонуңуз:\n"
        "/ask суроо — суроо берүү (топтордо керек)\n"
        "/experts тема — темада ким тажрыйбалуу\n"
        "/projects тема — тиешелүү долбоорлор\n"
        "/align долбоор — долбоордун стратегияларга шайкештиги\n"
        "/sources — акыркы жооптун булактары\n"
        "/new — жаңы маек баштоо\n"
        "/lang en|ru|ky — интерфейс тили\n"
        "Топтордо мени атаганда, билдирүүмө жооп бергенде же буйрук колдонгондо жооп берем."
    ),
    "help_admin": "Администратор: /stats, /reindex, /allow id, /deny id, /users",
    "unavailable": "Билим базасы убактылуу жеткиликсиз. Сураныч, бир мүнөттөн кийин кайра аракет кылыңыз.",
    "refused": (
        "Кечиресиз, бул жардамчы БУУӨПтүн Кыргызстандагы Санариптик жумушчу тобунун мүчөлөрү үчүн гана. "
        "Эгер сизге уруксат керек болсо, колдонуучу id {user_id} администраторго жөнөтүңүз."
    ),
    "rate_limited": (
        "Сиз мен жооп бергенге караганда тезирээк сурап жатасыз (мүнөтүнө {limit}). Сураныч, күтө туруңуз."
    ),
    "too_long": "Суроо өтө узун ({length} белги; чеги {limit}). Сураныч, кыскартыңыз.",
    "usage_ask": "Колдонуу: /ask сурооңуз",
    "usage_experts": "Колдонуу: /experts тема, мисалы /experts электрондук өкмөт",
    "usage_projects": "Колдонуу: /projects тема, мисалы /projects санариптик көндүмдөр",
    "usage_align": "Колдонуу: /align долбоордун коду же аталышы",
    "new": "Макул, жаңы маек баштайбыз.",
    "lang_set": "Интерфейс тили: кыргызча.",
    "lang_usage": "Колдонуу: /lang en|ru|ky",
    "no_sources": "Азырынча булактары бар жооп жок.",
    "sources": "Булактар",
    "contacts": "Байланыштар",
    "no_contacts": "Бул жооп үчүн байланыш маалыматы жок.",
    "restricted": "чектелген",
    "thanks": "Пикириңиз үчүн рахмат!",
    "ask_comment": "Рахмат. Кааласаңыз, эмне туура эмес болгонун бир билдирүү менен жазыңыз.",
    "comment_saved": "Рахмат, комментарийиңиз сакталды.",
    "admin_only": "Бул буйрук администраторлор үчүн гана.",
    "reindex_started": "Кайра индекстөө башталды. Бүткөндө билдирем.",
    "reindex_running": "Кайра индекстөө жүрүп жатат.",
    "reindex_done": "Кайра индекстөө бүттү. {summary}",
    "reindex_failed": "Кайра индекстөө ишке ашкан жок: {error}",
    "schedule_title": "Графиги боюнча кайра индекстөө (ар бир {interval})",
    "schedule_off": "Графиги боюнча кайра индекстөө: өчүк",
    "schedule_none": "азырынча бир да жолу аяктаган жок",
    "schedule_done": (
        "акыркы жолу {start} → {end} UTC: {added} кошулду, {updated} жаңыланды, {removed} өчүрүлдү, "
        "{failed} ката"
    ),
    "schedule_skipped": "акыркы жолу {start} UTC өткөрүлүп жиберилди: башка сервер индекстеп жаткан",
    "schedule_error": "акыркы жолу {start} UTC ишке ашкан жок: {reason}",
    "usage_allow": "Колдонуу: /allow колдонуучу_id",
    "usage_deny": "Колдонуу: /deny колдонуучу_id",
    "allowed": "{user_id} колдонуучусу эми жардамчыны колдоно алат.",
    "denied": "{user_id} колдонуучусу мындан ары жардамчыны колдоно албайт.",
    "users": "Колдонуучулар",
    "stats": "Статистика",
    "unknown_command": "Белгисиз буйрук. /help караңыз.",
    "expired": "Бул баскычтын мөөнөтү бүттү.",
    "btn_sources": "Булактар",
    "btn_contact": "Байланыш",
    "help_access": (
        "Жеткиликтүүлүк: /grant id топ, /revoke id топ; топтук чатта /chatlevel public|staff|group:аты "
        "(андагы жооптор кайсы документтерге таянат; демейки public)"
    ),
    "usage_grant": "Колдонуу: /grant колдонуучу_id топ, мисалы /grant 123456 taskforce",
    "usage_revoke": "Колдонуу: /revoke колдонуучу_id топ, мисалы /revoke 123456 taskforce",
    "bad_group": "«{group}» туура эмес топтун аты (тамгалар, сандар, _ . - ; эң көп 64 белги).",
    "granted": "{user_id} колдонуучусу эми {group} тобунда.",
    "revoked": "{user_id} колдонуучусу мындан ары {group} тобунда эмес.",
    "revoke_in_settings": (
        "{user_id} колдонуучусу {group} тобуна DTBOT_GROUPS аркылуу кирет; аны ошол жерден алып салып, "
        "ботту кайра иштетиңиз."
    ),
    "usage_chatlevel": "Колдонуу, топтук чаттын өзүндө: /chatlevel public|staff|group:аты",
    "chatlevel_private": "/chatlevel буйругун деңгээлин койгуңуз келген топтук чатка жөнөтүңүз.",
    "chatlevel_set": "Бул чаттагы жооптор эми «{level}» деңгээлиндеги документтерге гана таянат.",
    "groups": "Топтор",
}


# Strings of composed (extractive) answers, merged into each language's table below.
_ANSWERS: dict[str, dict[str, str]] = {
    "en": {
        "extractive": "Extractive answer (no language model configured): quoted from the sources below.",
        "experts": "People who know about “{topic}”, ranked by evidence:",
        "no_experts": "I found nobody in the register with evidence on “{topic}”.",
        "projects": "Projects matching “{topic}”:",
        "no_projects": "I found no project in the portfolio matching “{topic}”.",
        "background": "Background:",
        "passages": "Most relevant passages:",
        "align": "How {code} “{title}” supports the strategies:",
        "align_none": "I could not find strategy commitments that {code} clearly supports.",
        "no_project": "I don't know a project called “{q}”. Check the project code, or search projects by topic.",
        "gaps": "Strategy priorities with no clearly supporting project in the portfolio:",
        "no_gaps": "Every strategy priority has at least one supporting project.",
        "idk": "I don't know — the knowledge base has nothing reliable on this.",
        "ask": "Ask {who}.",
        "ask_tf": "Ask the Digital Task Force.",
        "evidence": "Evidence",
        "contact": "Contact",
        "lead": "lead",
        "status": "status",
        "digital": "digital components",
        "project_says": "project",
        "strategy_says": "strategy",
        "closest": "closest project",
        "llm_down": "The language model is unavailable right now, so this is an extractive answer.",
        "understood_as": "Understood as: {q}",
        "frame_expertise": "Who knows about {x}?",
        "frame_projects": "Which projects work on {x}?",
        "frame_alignment": "How does {x} align with the strategies?",
    },
    "ru": {
        "extractive": "Извлечённый ответ (языковая модель не подключена): цитаты из источников ниже.",
        "experts": "Кто разбирается в теме «{topic}» (по убыванию доказательств):",
        "no_experts": "В реестре нет сотрудников с подтверждённым опытом по теме «{topic}».",
        "projects": "Проекты по теме «{topic}»:",
        "no_projects": "В портфеле нет проектов по теме «{topic}».",
        "background": "Справка:",
        "passages": "Наиболее релевантные фрагменты:",
        "align": "Как {code} «{title}» поддерживает стратегии:",
        "align_none": "Не удалось найти положения стратегий, которые {code} явно поддерживает.",
        "no_project": "Проект «{q}» не найден. Укажите код проекта.",
        "gaps": "Приоритеты стратегий без поддерживающих проектов в портфеле:",
        "no_gaps": "У каждого приоритета есть хотя бы один проект.",
        "idk": "Не знаю — в базе знаний нет надёжной информации об этом.",
        "ask": "Обратитесь к: {who}.",
        "ask_tf": "Обратитесь в Цифровую рабочую группу.",
        "evidence": "Основания",
        "contact": "Контакты",
        "lead": "руководитель",
        "status": "статус",
        "digital": "цифровые компоненты",
        "project_says": "проект",
        "strategy_says": "стратегия",
        "closest": "ближайший проект",
        "llm_down": "Языковая модель сейчас недоступна, поэтому ответ извлечён из источников.",
        "understood_as": "Понял вопрос так: {q}",
        "frame_expertise": "Кто знает про {x}?",
        "frame_projects": "Какие проекты работают с {x}?",
        "frame_alignment": "Как {x} соответствует стратегиям?",
    },
    "ky": {
        "extractive": "Алынган жооп (тил модели туташтырылган эмес): төмөнкү булактардан цитаталар.",
        "experts": "«{topic}» боюнча ким билет (далилдер боюнча):",
        "no_experts": "Реестрде «{topic}» боюнча тажрыйбасы бар кызматкер табылган жок.",
        "projects": "«{topic}» боюнча долбоорлор:",
        "no_projects": "Портфелде «{topic}» боюнча долбоор табылган жок.",
        "background": "Маалымат:",
        "passages": "Эң ылайыктуу үзүндүлөр:",
        "align": "{code} «{title}» стратегияларды кантип колдойт:",
        "align_none": "{code} ачык колдогон стратегиялык милдеттенмелер табылган жок.",
        "no_project": "«{q}» долбоору табылган жок. Долбоордун кодун жазыңыз.",
        "gaps": "Портфелде колдоочу долбоору жок стратегиялык артыкчылыктар:",
        "no_gaps": "Ар бир артыкчылыкта жок дегенде бир долбоор бар.",
        "idk": "Билбейм — билим базасында бул тууралуу ишенимдүү маалымат жок.",
        "ask": "{who} менен байланышыңыз.",
        "ask_tf": "Санариптик жумушчу топко кайрылыңыз.",
        "evidence": "Далилдер",
        "contact": "Байланыш",
        "lead": "жетекчи",
        "status": "абалы",
        "digital": "санариптик компоненттер",
        "project_says": "долбоор",
        "strategy_says": "стратегия",
        "closest": "эң жакын долбоор",
        "llm_down": "Тил модели азыр жеткиликсиз, ошондуктан жооп булактардан алынды.",
        "understood_as": "Суроону мындай түшүндүм: {q}",
        "frame_expertise": "{x} боюнча ким билет?",
        "frame_projects": "{x} боюнча кайсы долбоорлор бар?",
        "frame_alignment": "{x} стратегияларга кандай шайкеш келет?",
    },
}

STRINGS: dict[str, dict[str, str]] = {
    lang: {**table, **_ANSWERS[lang]} for lang, table in (("en", _EN), ("ru", _RU), ("ky", _KY))
}


def normalize(code: str | None) -> str:
    """Map a Telegram ``language_code`` (``ru``, ``ky``, ``en-GB``, …) to one of :data:`LANGUAGES`."""
    base = (code or "").lower().split("-")[0].split("_")[0]
    if base in ("ru", "be", "uk", "kk"):
        return "ru"
    if base in ("ky", "kg"):
        return "ky"
    return "en"


def t(lang: str | None, key: str, **kwargs: object) -> str:
    table = STRINGS.get(lang or "en", STRINGS["en"])
    text = table.get(key) or STRINGS["en"][key]
    return text.format(**kwargs) if kwargs else text
