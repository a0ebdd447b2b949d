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
    # self-service profiles (bot/profile_handlers.py)
    "profile_title": "Profile — {name}",
    "profile_areas": "Expertise",
    "profile_projects": "Projects",
    "profile_pages": "Named in",
    "profile_languages": "Languages",
    "profile_learning": "Wants to learn",
    "profile_hidden": "Removed by you",
    "profile_empty": "nothing yet",
    "profile_declared_count": "Declared by you: {n} (a register re-ingest never overwrites them).",
    "profile_hint": "Correct anything that is wrong or missing with the buttons below.",
    "src_register": "register",
    "src_declared": "self-declared, {date}",
    "src_project": "project {detail}",
    "src_document": "page {detail}",
    "languages_by_you": "set by you, {date}",
    "level_basic": "basic",
    "level_intermediate": "intermediate",
    "level_advanced": "advanced",
    "level_expert": "expert",
    "btn_add_area": "➕ Add area",
    "btn_remove_area": "➖ Remove area",
    "btn_add_learning": "📚 Add learning interest",
    "btn_remove_learning": "📕 Remove interest",
    "btn_languages": "🌐 Languages",
    "btn_confirm": "✅ All correct",
    "btn_delete_declared": "🧹 Delete what I declared",
    "btn_type_area": "✏️ Type a new area",
    "btn_more": "More ▶",
    "btn_back": "◀ Back",
    "btn_cancel": "Cancel",
    "btn_use": "Use “{area}”",
    "btn_keep": "Keep “{text}”",
    "btn_yes_delete": "Yes, delete",
    "btn_open_profile": "Review my profile",
    "pick_area": "Choose an area, or type a new one:",
    "pick_level": "Your level in “{area}”?",
    "type_area": "Type the area in a few words (for example: GIS, e-procurement, data protection).",
    "type_learning": "Type what you would like to learn (for example: large language models).",
    "type_languages": "Type your working languages, separated by commas (for example: English, Russian, Kyrgyz).",
    "pick_remove_area": "Which area should I remove from your profile?",
    "pick_remove_learning": "Which learning interest should I remove?",
    "did_you_mean": "“{text}” looks like the office's area “{area}”. Which one do you mean?",
    "area_added": "Added: {area} ({level}).",
    "area_removed": "Removed: {area}.",
    "learning_added": "Added to what you want to learn: {value}.",
    "learning_removed": "Removed from what you want to learn: {value}.",
    "languages_done": "Languages: {languages}.",
    "profile_confirmed": "Thank you — your profile is confirmed.",
    "confirm_delete": "Delete everything you declared ({n} entries)? The register's information will be shown again.",
    "declared_deleted": "Deleted {n} entries you declared; the register's information is shown again.",
    "cancelled": "Cancelled.",
    "nothing_to_remove": "There is nothing to remove.",
    "profile_unlinked": "I don't know yet which staff member you are, so I cannot show your profile. Ask an administrator to link you: /link {user_id} your.name@undp.org — or ask them to put your Telegram username in the staff register's telegram column.",
    "profile_linked_now": "I recognised you by your Telegram username as {name}.",
    "profile_not_yours": "You can only see and change your own profile.",
    "profile_private": "Please use /profile in a private chat with me.",
    "profile_unknown_person": "I don't know an active staff member with the e-mail {who}.",
    "profile_bad_value": "Please type a few words (letters, one line).",
    "profile_too_long": "That is too long: at most {limit} characters, please.",
    "profile_bad_level": "The level must be one of: {levels}.",
    "profile_too_many_languages": "At most {limit} languages, please.",
    "usage_link": "Usage: /link TELEGRAM_ID EMAIL, for example /link 123456 aida.expert@undp.org",
    "usage_unlink": "Usage: /unlink TELEGRAM_ID",
    "link_unknown_email": "No active staff member has the e-mail {email}. Check it against the staff register (and re-index after adding a new colleague).",
    "linked": "User {user_id} is now linked to {name} ({email}).",
    "unlinked": "User {user_id} is no longer linked to a staff member.",
    "not_linked": "User {user_id} was not linked to anyone.",
    "survey_message": "Hello! The Digital Task Force keeps a map of who knows what in the office. Please take a minute to check what I know about you — expertise areas, projects, languages and what you would like to learn — and correct or confirm it.",
    "survey_done": "Survey sent to {sent} of {asked} linked users ({failed} could not be reached). Use /survey status for the response rate.",
    "survey_status": "Survey of {date}: {sent} asked, {responded} changed or confirmed their profile ({rate}%); {failed} could not be reached.",
    "survey_none": "No survey has been sent yet.",
    "survey_nobody": "Nobody to ask: no user linked to a staff member has started the bot yet.",
    "help_profile": "/profile — what I know about your expertise; correct it",
    "help_admin_profiles": "Profiles: /profile email, /link id email, /unlink id, /survey, /survey status",
    # task-force reports (bot/report_handlers.py)
    "usage_report": "Usage: /report expertise|portfolio|alignment|learning|brief|all",
    "report_refused": "Reports are only for administrators and members of the {group} group.",
    "report_building": "Building the report “{name}”; it takes a few seconds…",
    "report_caption": "{title} — data as of {date}",
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
    # self-service profiles (bot/profile_handlers.py)
    "profile_title": "Профиль — {name}",
    "profile_areas": "Экспертиза",
    "profile_projects": "Проекты",
    "profile_pages": "Упоминается в",
    "profile_languages": "Языки",
    "profile_learning": "Хочет изучить",
    "profile_hidden": "Убрано вами",
    "profile_empty": "пока ничего",
    "profile_declared_count": "Указано вами: {n} (повторная загрузка реестра их не перезаписывает).",
    "profile_hint": "Исправьте неверное или недостающее кнопками ниже.",
    "src_register": "реестр",
    "src_declared": "указано самостоятельно, {date}",
    "src_project": "проект {detail}",
    "src_document": "страница {detail}",
    "languages_by_you": "указано вами, {date}",
    "level_basic": "базовый",
    "level_intermediate": "средний",
    "level_advanced": "продвинутый",
    "level_expert": "эксперт",
    "btn_add_area": "➕ Добавить область",
    "btn_remove_area": "➖ Убрать область",
    "btn_add_learning": "📚 Хочу изучить",
    "btn_remove_learning": "📕 Убрать интерес",
    "btn_languages": "🌐 Языки",
    "btn_confirm": "✅ Всё верно",
    "btn_delete_declared": "🧹 Удалить мои записи",
    "btn_type_area": "✏️ Ввести новую область",
    "btn_more": "Ещё ▶",
    "btn_back": "◀ Назад",
    "btn_cancel": "Отмена",
    "btn_use": "Выбрать «{area}»",
    "btn_keep": "Оставить «{text}»",
    "btn_yes_delete": "Да, удалить",
    "btn_open_profile": "Проверить мой профиль",
    "pick_area": "Выберите область или введите новую:",
    "pick_level": "Ваш уровень в области «{area}»?",
    "type_area": "Введите область в нескольких словах (например: ГИС, электронные закупки, защита данных).",
    "type_learning": "Напишите, что вы хотели бы изучить (например: большие языковые модели).",
    "type_languages": "Перечислите рабочие языки через запятую (например: английский, русский, кыргызский).",
    "pick_remove_area": "Какую область убрать из вашего профиля?",
    "pick_remove_learning": "Какой интерес убрать?",
    "did_you_mean": "«{text}» похоже на область «{area}», которая уже есть в офисе. Что вы имеете в виду?",
    "area_added": "Добавлено: {area} ({level}).",
    "area_removed": "Убрано: {area}.",
    "learning_added": "Добавлено в то, что вы хотите изучить: {value}.",
    "learning_removed": "Убрано из того, что вы хотите изучить: {value}.",
    "languages_done": "Языки: {languages}.",
    "profile_confirmed": "Спасибо — ваш профиль подтверждён.",
    "confirm_delete": "Удалить всё, что вы указали ({n} записей)? Снова будут показаны данные реестра.",
    "declared_deleted": "Удалено ваших записей: {n}; снова показаны данные реестра.",
    "cancelled": "Отменено.",
    "nothing_to_remove": "Убирать нечего.",
    "profile_unlinked": "Я пока не знаю, кто вы из сотрудников, поэтому не могу показать ваш профиль. Попросите администратора связать вас: /link {user_id} your.name@undp.org — или указать ваше имя пользователя Telegram в столбце telegram реестра сотрудников.",
    "profile_linked_now": "Я узнал вас по имени пользователя Telegram: {name}.",
    "profile_not_yours": "Вы можете смотреть и менять только свой профиль.",
    "profile_private": "Пожалуйста, используйте /profile в личном чате со мной.",
    "profile_unknown_person": "Я не знаю действующего сотрудника с адресом {who}.",
    "profile_bad_value": "Пожалуйста, введите несколько слов (буквы, одна строка).",
    "profile_too_long": "Слишком длинно: не более {limit} символов.",
    "profile_bad_level": "Уровень должен быть одним из: {levels}.",
    "profile_too_many_languages": "Не более {limit} языков.",
    "usage_link": "Использование: /link TELEGRAM_ID EMAIL, например /link 123456 aida.expert@undp.org",
    "usage_unlink": "Использование: /unlink TELEGRAM_ID",
    "link_unknown_email": "Нет действующего сотрудника с адресом {email}. Проверьте его по реестру сотрудников (и переиндексируйте после добавления нового коллеги).",
    "linked": "Пользователь {user_id} связан с сотрудником {name} ({email}).",
    "unlinked": "Пользователь {user_id} больше не связан с сотрудником.",
    "not_linked": "Пользователь {user_id} ни с кем не был связан.",
    "survey_message": "Здравствуйте! Цифровая рабочая группа ведёт карту того, кто что знает в офисе. Пожалуйста, уделите минуту и проверьте, что я знаю о вас — области экспертизы, проекты, языки и что вы хотели бы изучить, — и исправьте или подтвердите.",
    "survey_done": "Опрос отправлен {sent} из {asked} связанных пользователей (недоступны: {failed}). Доля ответивших: /survey status.",
    "survey_status": "Опрос от {date}: отправлено {sent}, изменили или подтвердили профиль {responded} ({rate}%); недоступны: {failed}.",
    "survey_none": "Опрос ещё не проводился.",
    "survey_nobody": "Некого спросить: ни один пользователь, связанный с сотрудником, ещё не запускал бота.",
    "help_profile": "/profile — что я знаю о вашей экспертизе; исправить",
    "help_admin_profiles": "Профили: /profile email, /link id email, /unlink id, /survey, /survey status",
    # отчёты рабочей группы (bot/report_handlers.py)
    "usage_report": "Использование: /report expertise|portfolio|alignment|learning|brief|all",
    "report_refused": "Отчёты доступны только администраторам и участникам группы {group}.",
    "report_building": "Готовлю отчёт «{name}», это займёт несколько секунд…",
    "report_caption": "{title} — данные на {date}",
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
    # self-service profiles (bot/profile_handlers.py)
    "profile_title": "Профиль — {name}",
    "profile_areas": "Тажрыйба",
    "profile_projects": "Долбоорлор",
    "profile_pages": "Эскерилет",
    "profile_languages": "Тилдер",
    "profile_learning": "Үйрөнгүсү келет",
    "profile_hidden": "Сиз алып салгандар",
    "profile_empty": "азырынча эч нерсе жок",
    "profile_declared_count": "Сиз көрсөткөндөр: {n} (реестрди кайра жүктөө аларды өзгөртпөйт).",
    "profile_hint": "Туура эмес же жетишпеген нерсени төмөнкү баскычтар менен оңдоңуз.",
    "src_register": "реестр",
    "src_declared": "өзү көрсөткөн, {date}",
    "src_project": "долбоор {detail}",
    "src_document": "барак {detail}",
    "languages_by_you": "сиз көрсөткөн, {date}",
    "level_basic": "баштапкы",
    "level_intermediate": "орто",
    "level_advanced": "жогорку",
    "level_expert": "эксперт",
    "btn_add_area": "➕ Тармак кошуу",
    "btn_remove_area": "➖ Тармакты алып салуу",
    "btn_add_learning": "📚 Үйрөнгүм келет",
    "btn_remove_learning": "📕 Кызыгууну алып салуу",
    "btn_languages": "🌐 Тилдер",
    "btn_confirm": "✅ Баары туура",
    "btn_delete_declared": "🧹 Менин жазууларымды өчүрүү",
    "btn_type_area": "✏️ Жаңы тармак жазуу",
    "btn_more": "Дагы ▶",
    "btn_back": "◀ Артка",
    "btn_cancel": "Жокко чыгаруу",
    "btn_use": "«{area}» тандоо",
    "btn_keep": "«{text}» калтыруу",
    "btn_yes_delete": "Ооба, өчүрүү",
    "btn_open_profile": "Профилимди текшерүү",
    "pick_area": "Тармакты тандаңыз же жаңысын жазыңыз:",
    "pick_level": "«{area}» боюнча деңгээлиңиз?",
    "type_area": "Тармакты бир нече сөз менен жазыңыз (мисалы: ГИС, электрондук сатып алуулар, маалыматты коргоо).",
    "type_learning": "Эмнени үйрөнгүңүз келерин жазыңыз (мисалы: чоң тил моделдери).",
    "type_languages": "Иштеген тилдериңизди үтүр менен жазыңыз (мисалы: англисче, орусча, кыргызча).",
    "pick_remove_area": "Профилиңизден кайсы тармакты алып салайын?",
    "pick_remove_learning": "Кайсы кызыгууну алып салайын?",
    "did_you_mean": "«{text}» офистеги «{area}» тармагына окшош. Кайсынысын айтып жатасыз?",
    "area_added": "Кошулду: {area} ({level}).",
    "area_removed": "Алынып салынды: {area}.",
    "learning_added": "Үйрөнгүңүз келген нерселерге кошулду: {value}.",
    "learning_removed": "Үйрөнгүңүз келген нерселерден алынды: {value}.",
    "languages_done": "Тилдер: {languages}.",
    "profile_confirmed": "Рахмат — профилиңиз ырасталды.",
    "confirm_delete": "Сиз көрсөткөндүн баарын өчүрөмүнбү ({n} жазуу)? Реестрдин маалыматы кайра көрсөтүлөт.",
    "declared_deleted": "Сиздин {n} жазууңуз өчүрүлдү; реестрдин маалыматы кайра көрсөтүлөт.",
    "cancelled": "Жокко чыгарылды.",
    "nothing_to_remove": "Алып сала турган эч нерсе жок.",
    "profile_unlinked": "Сиз кайсы кызматкер экениңизди азырынча билбейм, ошондуктан профилиңизди көрсөтө албайм. Администратордон байланыштырып коюуну сураныңыз: /link {user_id} your.name@undp.org — же Telegram колдонуучу атыңызды кызматкерлер реестринин telegram тилкесине жазууну сураныңыз.",
    "profile_linked_now": "Мен сизди Telegram колдонуучу атыңыз боюнча тааныдым: {name}.",
    "profile_not_yours": "Өз профилиңизди гана көрүп, өзгөртө аласыз.",
    "profile_private": "Сураныч, /profile буйругун мени менен жеке чатта колдонуңуз.",
    "profile_unknown_person": "{who} дареги бар иштеп жаткан кызматкерди билбейм.",
    "profile_bad_value": "Сураныч, бир нече сөз жазыңыз (тамгалар, бир сап).",
    "profile_too_long": "Өтө узун: {limit} белгиден ашпасын.",
    "profile_bad_level": "Деңгээл булардын бири болушу керек: {levels}.",
    "profile_too_many_languages": "{limit} тилден ашпасын.",
    "usage_link": "Колдонуу: /link TELEGRAM_ID EMAIL, мисалы /link 123456 aida.expert@undp.org",
    "usage_unlink": "Колдонуу: /unlink TELEGRAM_ID",
    "link_unknown_email": "{email} дареги бар иштеп жаткан кызматкер жок. Аны кызматкерлер реестри менен салыштырыңыз (жаңы кесиптешти кошкондон кийин кайра индекстеңиз).",
    "linked": "{user_id} колдонуучусу {name} ({email}) менен байланыштырылды.",
    "unlinked": "{user_id} колдонуучусу мындан ары кызматкер менен байланышкан эмес.",
    "not_linked": "{user_id} колдонуучусу эч ким менен байланышкан эмес болчу.",
    "survey_message": "Саламатсызбы! Санариптик жумушчу топ офисте ким эмнени билерин картага түшүрөт. Сураныч, бир мүнөт бөлүп, мен сиз тууралуу эмнени билерими — тажрыйба тармактарын, долбоорлорду, тилдерди жана эмнени үйрөнгүңүз келерин — текшерип, оңдоп же ырастап коюңуз.",
    "survey_done": "Сурамжылоо {asked} байланышкан колдонуучунун {sent} кишисине жөнөтүлдү (жеткиликсиз: {failed}). Жооп бергендердин үлүшү: /survey status.",
    "survey_status": "{date} сурамжылоосу: {sent} кишиден суралды, {responded} киши профилин өзгөрттү же ырастады ({rate}%); жеткиликсиз: {failed}.",
    "survey_none": "Сурамжылоо азырынча жөнөтүлө элек.",
    "survey_nobody": "Сурай турган эч ким жок: кызматкер менен байланышкан бир да колдонуучу ботту баштай элек.",
    "help_profile": "/profile — тажрыйбаңыз тууралуу мен эмнени билем; оңдоо",
    "help_admin_profiles": "Профилдер: /profile email, /link id email, /unlink id, /survey, /survey status",
    # жумушчу топтун отчеттору (bot/report_handlers.py)
    "usage_report": "Колдонуу: /report expertise|portfolio|alignment|learning|brief|all",
    "report_refused": "Отчеттор администраторлорго жана {group} тобунун мүчөлөрүнө гана жеткиликтүү.",
    "report_building": "«{name}» отчетун даярдап жатам, бир нече секунд кетет…",
    "report_caption": "{title} — {date} абалына карата маалыматтар",
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

# The onboarding tour (onboarding/, bot/onboard_handlers.py, dtbot onboard): card titles and labels only —
# every card's content is quoted from the knowledge base.
_ONBOARDING: dict[str, dict[str, str]] = {
    "en": {
        "onb_card_overview": "Our digital work",
        "onb_card_strategies": "The strategies that frame it",
        "onb_card_projects": "Flagship projects",
        "onb_card_people": "Who to ask for what",
        "onb_card_glossary": "Local terms",
        "onb_heading": "Onboarding tour · {i}/{n}",
        "onb_counts": (
            "The portfolio lists {projects} projects with digital components ({active} active); "
            "{people} colleagues are on record with their expertise."
        ),
        "onb_refs": "projects referring to it: {n}",
        "onb_empty": "Nothing you can read in the knowledge base covers this yet.",
        "onb_end": "That is the tour. Ask me anything — or /onboard to see it again.",
        "onb_btn_next": "Next ▶",
        "onb_btn_ask": "Ask a question",
        "onb_ask": "Write your question in English, Russian or Kyrgyz.",
        "onb_ask_example": "Write your question in English, Russian or Kyrgyz — for example: What is {term}?",
        "onb_cli_hint": "Onboarding tour: {n} cards composed from the knowledge base.",
        "help_onboard": "New here? /onboard — a short tour: our work, strategies, projects, who to ask, local terms",
    },
    "ru": {
        "onb_card_overview": "Наша цифровая работа",
        "onb_card_strategies": "Стратегии, на которые мы опираемся",
        "onb_card_projects": "Ключевые проекты",
        "onb_card_people": "К кому обращаться",
        "onb_card_glossary": "Местные термины",
        "onb_heading": "Знакомство · {i}/{n}",
        "onb_counts": (
            "В портфеле {projects} проектов с цифровыми компонентами (активных: {active}); "
            "сведения об экспертизе есть по {people} сотрудникам."
        ),
        "onb_refs": "ссылающихся проектов: {n}",
        "onb_empty": "В доступной вам базе знаний пока нет сведений об этом.",
        "onb_end": "Это всё знакомство. Задавайте любые вопросы — или /onboard, чтобы посмотреть снова.",
        "onb_btn_next": "Далее ▶",
        "onb_btn_ask": "Задать вопрос",
        "onb_ask": "Напишите ваш вопрос на русском, кыргызском или английском.",
        "onb_ask_example": "Напишите ваш вопрос на русском, кыргызском или английском — например: Что такое {term}?",
        "onb_cli_hint": "Знакомство: {n} карточек из базы знаний.",
        "help_onboard": "Вы у нас недавно? /onboard — короткое знакомство: наша работа, стратегии, проекты, к кому обращаться, термины",
    },
    "ky": {
        "onb_card_overview": "Биздин санариптик иш",
        "onb_card_strategies": "Бизди багыттаган стратегиялар",
        "onb_card_projects": "Негизги долбоорлор",
        "onb_card_people": "Ким эмне боюнча жардам берет",
        "onb_card_glossary": "Жергиликтүү терминдер",
        "onb_heading": "Таанышуу · {i}/{n}",
        "onb_counts": (
            "Портфелде санариптик компоненттери бар {projects} долбоор бар (активдүү: {active}); "
            "{people} кызматкердин тажрыйбасы тууралуу маалымат бар."
        ),
        "onb_refs": "шилтеме кылган долбоорлор: {n}",
        "onb_empty": "Сизге жеткиликтүү билим базасында бул тууралуу азырынча маалымат жок.",
        "onb_end": "Таанышуу ушул. Каалаган суроону бериңиз — же кайра көрүү үчүн /onboard.",
        "onb_btn_next": "Кийинки ▶",
        "onb_btn_ask": "Суроо берүү",
        "onb_ask": "Сурооңузду кыргызча, орусча же англисче жазыңыз.",
        "onb_ask_example": "Сурооңузду кыргызча, орусча же англисче жазыңыз — мисалы: {term} деген эмне?",
        "onb_cli_hint": "Таанышуу: билим базасынан {n} карточка.",
        "help_onboard": "Жаңы келдиңизби? /onboard — кыска таанышуу: ишибиз, стратегиялар, долбоорлор, кимге кайрылуу, терминдер",
    },
}

# The task-force reports (reports/, dtbot report, /report): every heading, column, chart label, note and
# the words around the data dates. Data (names, areas, project titles, questions) is never translated.
_REPORTS: dict[str, dict[str, str]] = {
    "en": {
        # page furniture (renderers)
        "rep_data_as_of": "Data as of {date}",
        "rep_na": "n/a",
        "rep_dates_heading": "Dates of the data",
        "rep_none": "none",
        "rep_yes": "yes",
        "rep_no": "no",
        "rep_made_for": "Made for: {audience}",
        "rep_generated": "generated {when} UTC",
        "rep_md_figures": "Headline figures",
        "rep_md_rows": "{n} row(s)",
        "rep_md_more": "… {n} more",
        "rep_md_chart": "Chart: {title} (in the HTML report)",
        "rep_md_footer": "Full tables: the XLSX workbook; charts: the HTML report.",
        "rep_xlsx_figure": "Figure",
        "rep_xlsx_value": "Value",
        "rep_xlsx_as_of": "Data as of",
        "rep_chart_no_items": "no dated items",
        "rep_chart_today": "today {date}",
        # who a report is for, and what its dates are
        "rep_audience_all": "everything (administrator view)",
        "rep_audience_user": "Telegram user {user} ({level}; groups: {groups}{chat})",
        "rep_audience_chat": ", in a chat of level {level}",
        "rep_viewer_admin": "admin",
        "rep_viewer_staff": "staff",
        "rep_viewer_public": "public",
        "rep_basis_people": "latest ingest (Document.ingested_at) of the {n} source(s) stating the people",
        "rep_basis_people_declared": (
            "latest ingest (Document.ingested_at) of the {n} source(s) stating the people and latest "
            "self-declared profile entry"
        ),
        "rep_basis_projects": "latest ingest (Document.ingested_at) of the {n} source(s) stating the projects",
        "rep_basis_strategies": "latest ingest (Document.ingested_at) of the {n} strategy document(s)",
        "rep_basis_strategies_dated": (
            "latest ingest (Document.ingested_at) of the {n} strategy document(s), the documents themselves "
            "dated {first} to {last} (Document.date)"
        ),
        "rep_basis_questions": "latest question in {source}",
        "rep_basis_brief": "the newest data of the four reports it combines (each block states its own)",
        "rep_questions_none": "no question log (office-internal; not readable by this viewer)",
        "rep_questions_log": "the bot's question log",
        # values
        "rep_level_basic": "basic",
        "rep_level_intermediate": "intermediate",
        "rep_level_advanced": "advanced",
        "rep_level_expert": "expert",
        "rep_level_unstated": "level not stated",
        "rep_status_active": "active",
        "rep_status_pipeline": "pipeline",
        "rep_status_closed": "closed",
        "rep_status_unknown": "unknown",
        "rep_source_register": "register",
        "rep_source_declared": "self-declared",
        "rep_coverage_none": "none",
        "rep_coverage_weak": "weak",
        "rep_coverage_covered": "covered",
        "rep_reason_idk": "I don't know",
        "rep_reason_down": "thumbs-down",
        "rep_kind_theme": "thematic area",
        "rep_kind_priority": "strategy priority",
        # column names shared by several reports
        "rep_col_area": "Area",
        "rep_col_people": "People",
        "rep_col_unit": "Unit",
        "rep_col_units": "Units",
        "rep_col_who": "Who",
        "rep_col_code": "Code",
        "rep_col_codes": "Codes",
        "rep_col_project": "Project",
        "rep_col_projects": "Projects",
        "rep_col_status": "Status",
        "rep_col_strategy": "Strategy",
        "rep_col_priority": "Priority",
        "rep_col_coverage": "Coverage",
        "rep_col_topic": "Topic",
        "rep_col_date": "Date",
        "rep_col_budget": "Budget (USD)",
        "rep_col_partners": "Partners",
        "rep_unit_people": "people",
        "rep_unit_projects": "projects",
        # (a) expertise
        "rep_title_expertise": "Expertise map",
        "rep_exp_heatmap": "People × expertise areas, by level",
        "rep_exp_heatmap_caption": "Rows grouped by unit; hover a cell for the level and where it was declared.",
        "rep_exp_level": "Level",
        "rep_exp_tip": "{name} — {area}: {level} ({source})",
        "rep_exp_bars": "People per expertise area, by level",
        "rep_exp_coverage": "Coverage per area",
        "rep_col_expert": "Expert",
        "rep_col_advanced": "Advanced",
        "rep_col_intermediate": "Intermediate",
        "rep_col_basic": "Basic",
        "rep_col_unstated": "Level not stated",
        "rep_exp_spof": "Single points of failure (at most one person at advanced level or above)",
        "rep_col_senior": "People at advanced or above",
        "rep_col_any_level": "People at any level",
        "rep_exp_gaps": "Areas that projects and strategies need but nobody has",
        "rep_col_named_by": "Named by",
        "rep_col_where": "Where",
        "rep_col_closest": "Closest area someone has",
        "rep_col_closest_z": "Similarity (z)",
        "rep_exp_gaps_note": (
            "Candidates: the projects' digital components and thematic areas and the strategy priorities. One "
            "counts as covered when someone's area shares a distinctive word with it, is the same area across "
            "languages and spellings, or stands out as nearest in meaning (z-score of the similarity among all "
            "the areas people have ≥ {z})."
        ),
        "rep_fig_people_expertise": "People with declared expertise",
        "rep_fig_areas": "Expertise areas",
        "rep_fig_spof": "Single points of failure",
        "rep_fig_gaps": "Needed areas nobody has",
        "rep_sec_who": "Who knows what",
        "rep_sec_gaps": "Needed but missing",
        "rep_exp_note_levels": (
            "Levels come from the staff register and from what people declared themselves (/profile); a "
            "declared level replaces the register's for the same area."
        ),
        "rep_exp_note_merged": "Areas are merged across languages and spellings (reports/areas.py).",
        # (b) portfolio
        "rep_title_portfolio": "Portfolio of projects with digital components",
        "rep_col_title": "Title",
        "rep_col_start": "Start",
        "rep_col_end": "End",
        "rep_col_lead": "Lead",
        "rep_col_lead_unit": "Lead unit",
        "rep_col_components": "Digital components",
        "rep_col_themes": "Thematic areas",
        "rep_col_sdgs": "SDGs",
        "rep_pf_projects": "Projects",
        "rep_pf_components": "Projects × digital components",
        "rep_col_component": "Digital component",
        "rep_pf_by_theme": "Totals by thematic area",
        "rep_col_theme": "Thematic area",
        "rep_col_active": "Active",
        "rep_pf_by_theme_note": (
            "A project with several thematic areas counts (with its whole budget) under each of them."
        ),
        "rep_pf_by_status": "Totals by status",
        "rep_pf_leads": "Project leads",
        "rep_col_projects_led": "Projects led",
        "rep_col_budget_led": "Budget led (USD)",
        "rep_pf_leads_note": (
            "The lead is the person linked with role lead (else focal point, else member) whom the reader may see."
        ),
        "rep_pf_partners": "Partners",
        "rep_col_partner": "Partner",
        "rep_pf_timeline": "Timeline of projects",
        "rep_pf_timeline_caption": "Dashed line: the day the report was made ({date}).",
        "rep_pf_matrix": "Projects × thematic areas",
        "rep_pf_matrix_legend": "theme of the project",
        "rep_pf_status_chart": "Projects and budget by status",
        "rep_pf_budget_series": "budget (USD million)",
        "rep_unit_usd_million": "USD million",
        "rep_pf_theme_chart": "Projects per thematic area, by status",
        "rep_fig_projects": "Projects",
        "rep_fig_active": "Active projects",
        "rep_fig_budget": "Total budget (USD)",
        "rep_fig_partners": "Partners",
        "rep_sec_projects": "Projects",
        "rep_sec_status": "Status and budget",
        "rep_sec_themes": "Thematic areas",
        "rep_sec_components": "Digital components",
        "rep_sec_leads": "Leads and partners",
        # (c, d) alignment
        "rep_title_alignment": "Alignment with the strategies",
        "rep_al_tip": (
            "{code} × {priority}: z {z}{declared}\nProject: “{project}” [{project_source}]\n"
            "Strategy: “{strategy}” [{strategy_source}]"
        ),
        "rep_al_declared": " (declared)",
        "rep_al_heatmap": "Strategy priorities × projects",
        "rep_al_value": "Alignment (z-score)",
        "rep_al_heatmap_caption": (
            "A cell is a project passage and a strategy passage the engine found aligned (z-score of their "
            "similarity over all strategy passages); hover it for both, or see the evidence table."
        ),
        "rep_al_evidence": "Evidence behind each cell",
        "rep_col_z": "z-score",
        "rep_col_declared": "Declared by the project",
        "rep_col_project_passage": "Project passage",
        "rep_col_project_source": "Project source",
        "rep_col_strategy_passage": "Strategy passage",
        "rep_col_strategy_source": "Strategy source",
        "rep_al_priorities": "Strategy priorities and their coverage",
        "rep_col_strategy_date": "Strategy date",
        "rep_col_aligned_n": "Projects aligned",
        "rep_al_entries": "Entry points: priorities with no or weak project coverage",
        "rep_col_aligned": "Aligned projects",
        "rep_col_partners_named": "Partners the strategy names",
        "rep_col_people_fit": "People whose expertise fits",
        "rep_col_says": "What the strategy says",
        "rep_al_entries_note": (
            "Partners: organisations from the portfolio register, and capitalised organisation names, found in "
            "the priority's text. People: the engine's expert finding for the priority's heading."
        ),
        "rep_fig_priorities": "Strategy priorities",
        "rep_fig_aligned": "Projects aligned to a priority",
        "rep_fig_uncovered": "Priorities without coverage",
        "rep_fig_entries": "Entry points",
        "rep_sec_alignment": "Projects and strategy priorities",
        "rep_sec_entries": "Entry points and partnership opportunities",
        "rep_sec_evidence": "Evidence",
        "rep_al_note_priorities": (
            "Priorities are the headed sections of the ingested strategy documents (doc_type strategy)."
        ),
        "rep_al_note_cells": (
            "Cells: retrieval.projects.align_project, z floor {z} (alignment_min_z), best {n} priorities per "
            "project and strategy."
        ),
        # (e) learning
        "rep_title_learning": "Learning needs",
        "rep_ln_topics": "Learning topics: demand and supply",
        "rep_col_interests": "Interests",
        "rep_col_unmet": "Unanswered or thumbs-down questions",
        "rep_col_demand": "Demand",
        "rep_col_supply": "People with a fitting area",
        "rep_col_supply_senior": "… at advanced or above",
        "rep_col_fitting": "Fitting areas",
        "rep_col_examples": "Examples",
        "rep_ln_topics_note": (
            "Topics: the interests and questions grouped by their embeddings (reports/topics.py); each is named "
            "by its most central interest (else question)."
        ),
        "rep_ln_interests": "Declared learning interests",
        "rep_col_person": "Person",
        "rep_col_wants": "Wants to learn",
        "rep_col_declared_in": "Declared in",
        "rep_ln_questions": "Questions the bot could not answer or that got a thumbs-down",
        "rep_col_question": "Question",
        "rep_col_why": "Why it counts",
        "rep_ln_askers_hidden": "Askers are not shown.",
        "rep_ln_log_internal": "The question log is office-internal.",
        "rep_ln_supply_chart": "Demand vs supply per learning topic",
        "rep_ln_demand_series": "demand (interests + questions)",
        "rep_ln_supply_series": "supply (people with a fitting area)",
        "rep_ln_supply_unit": "people / items",
        "rep_ln_timeline": "Learning topics over time (questions and self-declared interests per month)",
        "rep_ln_timeline_unit": "items per month",
        "rep_ln_timeline_caption": "Register interests carry no date of their own and are left out of this chart.",
        "rep_fig_interests": "Learning interests",
        "rep_fig_unmet": "Unanswered or thumbs-down questions",
        "rep_fig_topics": "Learning topics",
        "rep_fig_unmet_topics": "Topics with nobody to teach them",
        "rep_sec_topics": "Topics",
        "rep_sec_interests": "Declared interests",
        "rep_sec_questions": "Questions",
        "rep_ln_note_source": "Questions read from {source}.",
        # (f) the mission brief
        "rep_title_brief": "Digital Transformation Mission brief",
        "rep_sec_portfolio": "Portfolio",
        "rep_br_portfolio_intro": "Projects with digital components, their status, budget and timeline.",
        "rep_sec_expertise": "Expertise",
        "rep_br_coverage": "People per area, by level ({n} largest areas)",
        "rep_br_spof": "Single points of failure (first {n})",
        "rep_sec_alignment_entries": "Alignment and entry points",
        "rep_br_entries": "Entry points (first {n})",
        "rep_br_demand": "Demand vs supply ({n} largest learning topics)",
        "rep_br_topics": "Top learning topics",
        "rep_br_note": (
            "Each figure, chart and table states the date of its own data; details in the four full reports."
        ),
    },
    "ru": {
        "rep_data_as_of": "Данные на {date}",
        "rep_na": "н/д",
        "rep_dates_heading": "Даты данных",
        "rep_none": "нет",
        "rep_yes": "да",
        "rep_no": "нет",
        "rep_made_for": "Подготовлено для: {audience}",
        "rep_generated": "создано {when} UTC",
        "rep_md_figures": "Ключевые показатели",
        "rep_md_rows": "строк: {n}",
        "rep_md_more": "… ещё {n}",
        "rep_md_chart": "Диаграмма: {title} (в HTML-отчёте)",
        "rep_md_footer": "Полные таблицы — в книге XLSX, диаграммы — в HTML-отчёте.",
        "rep_xlsx_figure": "Показатель",
        "rep_xlsx_value": "Значение",
        "rep_xlsx_as_of": "Данные на",
        "rep_chart_no_items": "нет элементов с датами",
        "rep_chart_today": "сегодня {date}",
        "rep_audience_all": "все данные (доступ администратора)",
        "rep_audience_user": "пользователь Telegram {user} ({level}; группы: {groups}{chat})",
        "rep_audience_chat": ", в чате уровня {level}",
        "rep_viewer_admin": "администратор",
        "rep_viewer_staff": "сотрудник",
        "rep_viewer_public": "публичный доступ",
        "rep_basis_people": (
            "последняя загрузка (Document.ingested_at) источников со сведениями о сотрудниках (их {n})"
        ),
        "rep_basis_people_declared": (
            "последняя загрузка (Document.ingested_at) источников со сведениями о сотрудниках (их {n}) и "
            "последняя запись, внесённая сотрудником в свой профиль"
        ),
        "rep_basis_projects": (
            "последняя загрузка (Document.ingested_at) источников со сведениями о проектах (их {n})"
        ),
        "rep_basis_strategies": "последняя загрузка (Document.ingested_at) стратегических документов (их {n})",
        "rep_basis_strategies_dated": (
            "последняя загрузка (Document.ingested_at) стратегических документов (их {n}), сами документы "
            "датированы с {first} по {last} (Document.date)"
        ),
        "rep_basis_questions": "последний вопрос в источнике «{source}»",
        "rep_basis_brief": "самые свежие данные четырёх отчётов, из которых составлена справка (у каждого блока своя дата)",
        "rep_questions_none": "журнал вопросов недоступен (внутренние данные офиса, этому читателю не видны)",
        "rep_questions_log": "журнал вопросов бота",
        "rep_level_basic": "базовый",
        "rep_level_intermediate": "средний",
        "rep_level_advanced": "продвинутый",
        "rep_level_expert": "эксперт",
        "rep_level_unstated": "уровень не указан",
        "rep_status_active": "активный",
        "rep_status_pipeline": "в подготовке",
        "rep_status_closed": "завершён",
        "rep_status_unknown": "неизвестно",
        "rep_source_register": "реестр",
        "rep_source_declared": "указано сотрудником",
        "rep_coverage_none": "нет",
        "rep_coverage_weak": "слабое",
        "rep_coverage_covered": "есть",
        "rep_reason_idk": "ответ «не знаю»",
        "rep_reason_down": "отрицательная оценка",
        "rep_kind_theme": "тематическое направление",
        "rep_kind_priority": "приоритет стратегии",
        "rep_col_area": "Область",
        "rep_col_people": "Сотрудники",
        "rep_col_unit": "Подразделение",
        "rep_col_units": "Подразделения",
        "rep_col_who": "Кто",
        "rep_col_code": "Код",
        "rep_col_codes": "Коды",
        "rep_col_project": "Проект",
        "rep_col_projects": "Проекты",
        "rep_col_status": "Статус",
        "rep_col_strategy": "Стратегия",
        "rep_col_priority": "Приоритет",
        "rep_col_coverage": "Покрытие",
        "rep_col_topic": "Тема",
        "rep_col_date": "Дата",
        "rep_col_budget": "Бюджет (USD)",
        "rep_col_partners": "Партнёры",
        "rep_unit_people": "сотрудники",
        "rep_unit_projects": "проекты",
        "rep_title_expertise": "Карта экспертизы",
        "rep_exp_heatmap": "Сотрудники × области экспертизы, по уровню",
        "rep_exp_heatmap_caption": (
            "Строки сгруппированы по подразделениям; наведите курсор на ячейку, чтобы увидеть уровень и его источник."
        ),
        "rep_exp_level": "Уровень",
        "rep_exp_tip": "{name} — {area}: {level} ({source})",
        "rep_exp_bars": "Сотрудники по областям экспертизы и уровням",
        "rep_exp_coverage": "Покрытие по областям",
        "rep_col_expert": "Эксперт",
        "rep_col_advanced": "Продвинутый",
        "rep_col_intermediate": "Средний",
        "rep_col_basic": "Базовый",
        "rep_col_unstated": "Уровень не указан",
        "rep_exp_spof": "Единственные носители знаний (не более одного человека продвинутого уровня или выше)",
        "rep_col_senior": "Продвинутого уровня и выше",
        "rep_col_any_level": "Любого уровня",
        "rep_exp_gaps": "Области, которые нужны проектам и стратегиям, но которыми никто не владеет",
        "rep_col_named_by": "Откуда",
        "rep_col_where": "Где",
        "rep_col_closest": "Ближайшая область, которой кто-то владеет",
        "rep_col_closest_z": "Сходство (z)",
        "rep_exp_gaps_note": (
            "Кандидаты: цифровые компоненты и тематические направления проектов и приоритеты стратегий. Область "
            "считается покрытой, если у кого-то есть область с общим значимым словом, та же область на другом "
            "языке или в другом написании, либо явно ближайшая по смыслу (z-оценка сходства среди всех "
            "областей сотрудников ≥ {z})."
        ),
        "rep_fig_people_expertise": "Сотрудники с указанной экспертизой",
        "rep_fig_areas": "Области экспертизы",
        "rep_fig_spof": "Единственные носители знаний",
        "rep_fig_gaps": "Нужные области без специалистов",
        "rep_sec_who": "Кто что знает",
        "rep_sec_gaps": "Нужно, но некому",
        "rep_exp_note_levels": (
            "Уровни взяты из реестра сотрудников и из того, что сотрудники указали сами (/profile); уровень, "
            "указанный сотрудником, заменяет уровень из реестра для той же области."
        ),
        "rep_exp_note_merged": "Области объединены с учётом языков и вариантов написания (reports/areas.py).",
        "rep_title_portfolio": "Портфель проектов с цифровыми компонентами",
        "rep_col_title": "Название",
        "rep_col_start": "Начало",
        "rep_col_end": "Окончание",
        "rep_col_lead": "Руководитель",
        "rep_col_lead_unit": "Подразделение руководителя",
        "rep_col_components": "Цифровые компоненты",
        "rep_col_themes": "Тематические направления",
        "rep_col_sdgs": "ЦУР",
        "rep_pf_projects": "Проекты",
        "rep_pf_components": "Проекты × цифровые компоненты",
        "rep_col_component": "Цифровой компонент",
        "rep_pf_by_theme": "Итоги по тематическим направлениям",
        "rep_col_theme": "Тематическое направление",
        "rep_col_active": "Активные",
        "rep_pf_by_theme_note": (
            "Проект с несколькими тематическими направлениями учитывается (со всем бюджетом) в каждом из них."
        ),
        "rep_pf_by_status": "Итоги по статусам",
        "rep_pf_leads": "Руководители проектов",
        "rep_col_projects_led": "Проектов под руководством",
        "rep_col_budget_led": "Бюджет под руководством (USD)",
        "rep_pf_leads_note": (
            "Руководитель — сотрудник, связанный с проектом в роли руководителя (иначе контактного лица, иначе "
            "участника), которого читателю разрешено видеть."
        ),
        "rep_pf_partners": "Партнёры",
        "rep_col_partner": "Партнёр",
        "rep_pf_timeline": "График проектов",
        "rep_pf_timeline_caption": "Пунктир — день подготовки отчёта ({date}).",
        "rep_pf_matrix": "Проекты × тематические направления",
        "rep_pf_matrix_legend": "направление проекта",
        "rep_pf_status_chart": "Проекты и бюджет по статусам",
        "rep_pf_budget_series": "бюджет (млн USD)",
        "rep_unit_usd_million": "млн USD",
        "rep_pf_theme_chart": "Проекты по тематическим направлениям и статусам",
        "rep_fig_projects": "Проекты",
        "rep_fig_active": "Активные проекты",
        "rep_fig_budget": "Общий бюджет (USD)",
        "rep_fig_partners": "Партнёры",
        "rep_sec_projects": "Проекты",
        "rep_sec_status": "Статус и бюджет",
        "rep_sec_themes": "Тематические направления",
        "rep_sec_components": "Цифровые компоненты",
        "rep_sec_leads": "Руководители и партнёры",
        "rep_title_alignment": "Соответствие стратегиям",
        "rep_al_tip": (
            "{code} × {priority}: z {z}{declared}\nПроект: «{project}» [{project_source}]\n"
            "Стратегия: «{strategy}» [{strategy_source}]"
        ),
        "rep_al_declared": " (заявлено проектом)",
        "rep_al_heatmap": "Приоритеты стратегий × проекты",
        "rep_al_value": "Соответствие (z-оценка)",
        "rep_al_heatmap_caption": (
            "Ячейка — фрагмент проекта и фрагмент стратегии, которые система сочла связанными (z-оценка их "
            "сходства среди всех фрагментов стратегий); наведите курсор, чтобы увидеть оба, или смотрите таблицу "
            "оснований."
        ),
        "rep_al_evidence": "Основания для каждой ячейки",
        "rep_col_z": "z-оценка",
        "rep_col_declared": "Заявлено проектом",
        "rep_col_project_passage": "Фрагмент проекта",
        "rep_col_project_source": "Источник (проект)",
        "rep_col_strategy_passage": "Фрагмент стратегии",
        "rep_col_strategy_source": "Источник (стратегия)",
        "rep_al_priorities": "Приоритеты стратегий и их покрытие",
        "rep_col_strategy_date": "Дата стратегии",
        "rep_col_aligned_n": "Связанных проектов",
        "rep_al_entries": "Точки входа: приоритеты без проектов или со слабым покрытием",
        "rep_col_aligned": "Связанные проекты",
        "rep_col_partners_named": "Партнёры, названные в стратегии",
        "rep_col_people_fit": "Сотрудники с подходящей экспертизой",
        "rep_col_says": "Что говорит стратегия",
        "rep_al_entries_note": (
            "Партнёры — организации из реестра портфеля, а также названия организаций с заглавной буквы, "
            "найденные в тексте приоритета. Сотрудники — результат поиска экспертов по заголовку приоритета."
        ),
        "rep_fig_priorities": "Приоритеты стратегий",
        "rep_fig_aligned": "Проекты, связанные с приоритетами",
        "rep_fig_uncovered": "Приоритеты без покрытия",
        "rep_fig_entries": "Точки входа",
        "rep_sec_alignment": "Проекты и приоритеты стратегий",
        "rep_sec_entries": "Точки входа и возможности партнёрства",
        "rep_sec_evidence": "Основания",
        "rep_al_note_priorities": (
            "Приоритеты — разделы с заголовками в загруженных стратегических документах (doc_type strategy)."
        ),
        "rep_al_note_cells": (
            "Ячейки: retrieval.projects.align_project, порог z {z} (alignment_min_z), не более {n} приоритетов "
            "на проект и стратегию."
        ),
        "rep_title_learning": "Потребности в обучении",
        "rep_ln_topics": "Темы обучения: спрос и предложение",
        "rep_col_interests": "Интересы",
        "rep_col_unmet": "Вопросы без ответа или с отрицательной оценкой",
        "rep_col_demand": "Спрос",
        "rep_col_supply": "Сотрудники с подходящей областью",
        "rep_col_supply_senior": "… продвинутого уровня и выше",
        "rep_col_fitting": "Подходящие области",
        "rep_col_examples": "Примеры",
        "rep_ln_topics_note": (
            "Темы — интересы и вопросы, сгруппированные по их эмбеддингам (reports/topics.py); каждая названа по "
            "самому центральному интересу (иначе — вопросу)."
        ),
        "rep_ln_interests": "Заявленные интересы к обучению",
        "rep_col_person": "Сотрудник",
        "rep_col_wants": "Хочет изучить",
        "rep_col_declared_in": "Где указано",
        "rep_ln_questions": "Вопросы, на которые бот не смог ответить или получил отрицательную оценку",
        "rep_col_question": "Вопрос",
        "rep_col_why": "Почему учитывается",
        "rep_ln_askers_hidden": "Авторы вопросов не показаны.",
        "rep_ln_log_internal": "Журнал вопросов — внутренние данные офиса.",
        "rep_ln_supply_chart": "Спрос и предложение по темам обучения",
        "rep_ln_demand_series": "спрос (интересы + вопросы)",
        "rep_ln_supply_series": "предложение (сотрудники с подходящей областью)",
        "rep_ln_supply_unit": "сотрудники / запросы",
        "rep_ln_timeline": "Темы обучения по месяцам (вопросы и интересы, указанные сотрудниками)",
        "rep_ln_timeline_unit": "запросов в месяц",
        "rep_ln_timeline_caption": "Интересы из реестра не имеют своей даты и в эту диаграмму не входят.",
        "rep_fig_interests": "Интересы к обучению",
        "rep_fig_unmet": "Вопросы без ответа или с отрицательной оценкой",
        "rep_fig_topics": "Темы обучения",
        "rep_fig_unmet_topics": "Темы, по которым некому учить",
        "rep_sec_topics": "Темы",
        "rep_sec_interests": "Заявленные интересы",
        "rep_sec_questions": "Вопросы",
        "rep_ln_note_source": "Источник вопросов: {source}.",
        "rep_title_brief": "Справка для миссии по цифровой трансформации",
        "rep_sec_portfolio": "Портфель",
        "rep_br_portfolio_intro": "Проекты с цифровыми компонентами: статус, бюджет и сроки.",
        "rep_sec_expertise": "Экспертиза",
        "rep_br_coverage": "Сотрудники по областям и уровням ({n} крупнейших областей)",
        "rep_br_spof": "Единственные носители знаний (первые {n})",
        "rep_sec_alignment_entries": "Соответствие стратегиям и точки входа",
        "rep_br_entries": "Точки входа (первые {n})",
        "rep_br_demand": "Спрос и предложение ({n} крупнейших тем обучения)",
        "rep_br_topics": "Главные темы обучения",
        "rep_br_note": (
            "У каждого показателя, диаграммы и таблицы указана дата её данных; подробности — в четырёх полных "
            "отчётах."
        ),
    },
    "ky": {
        "rep_data_as_of": "{date} абалына карата маалыматтар",
        "rep_na": "белгисиз",
        "rep_dates_heading": "Маалыматтардын даталары",
        "rep_none": "жок",
        "rep_yes": "ооба",
        "rep_no": "жок",
        "rep_made_for": "Кимге даярдалды: {audience}",
        "rep_generated": "түзүлгөн убакыт: {when} UTC",
        "rep_md_figures": "Негизги көрсөткүчтөр",
        "rep_md_rows": "саптар: {n}",
        "rep_md_more": "… дагы {n}",
        "rep_md_chart": "Диаграмма: {title} (HTML отчетунда)",
        "rep_md_footer": "Толук таблицалар — XLSX китебинде, диаграммалар — HTML отчетунда.",
        "rep_xlsx_figure": "Көрсөткүч",
        "rep_xlsx_value": "Мааниси",
        "rep_xlsx_as_of": "Маалыматтардын датасы",
        "rep_chart_no_items": "датасы бар элементтер жок",
        "rep_chart_today": "бүгүн {date}",
        "rep_audience_all": "бардык маалыматтар (администратордун көрүнүшү)",
        "rep_audience_user": "Telegram колдонуучусу {user} ({level}; топтор: {groups}{chat})",
        "rep_audience_chat": ", {level} деңгээлиндеги чатта",
        "rep_viewer_admin": "администратор",
        "rep_viewer_staff": "кызматкер",
        "rep_viewer_public": "жалпыга ачык",
        "rep_basis_people": (
            "кызматкерлер жөнүндө маалымат берген булактардын (алардын саны {n}) акыркы жүктөлүшү "
            "(Document.ingested_at)"
        ),
        "rep_basis_people_declared": (
            "кызматкерлер жөнүндө маалымат берген булактардын (алардын саны {n}) акыркы жүктөлүшү "
            "(Document.ingested_at) жана кызматкер профилине өзү киргизген акыркы жазуу"
        ),
        "rep_basis_projects": (
            "долбоорлор жөнүндө маалымат берген булактардын (алардын саны {n}) акыркы жүктөлүшү "
            "(Document.ingested_at)"
        ),
        "rep_basis_strategies": (
            "стратегиялык документтердин (алардын саны {n}) акыркы жүктөлүшү (Document.ingested_at)"
        ),
        "rep_basis_strategies_dated": (
            "стратегиялык документтердин (алардын саны {n}) акыркы жүктөлүшү (Document.ingested_at), "
            "документтердин өз даталары {first} – {last} (Document.date)"
        ),
        "rep_basis_questions": "«{source}» булагындагы акыркы суроо",
        "rep_basis_brief": "маалымкат бириктирген төрт отчеттун эң жаңы маалыматтары (ар бир блоктун өз датасы бар)",
        "rep_questions_none": "суроолор журналы жеткиликсиз (кеңсенин ички маалыматы, бул окурманга көрүнбөйт)",
        "rep_questions_log": "боттун суроолор журналы",
        "rep_level_basic": "базалык",
        "rep_level_intermediate": "орто",
        "rep_level_advanced": "жогорку",
        "rep_level_expert": "эксперт",
        "rep_level_unstated": "деңгээли көрсөтүлгөн эмес",
        "rep_status_active": "активдүү",
        "rep_status_pipeline": "даярдалууда",
        "rep_status_closed": "аяктаган",
        "rep_status_unknown": "белгисиз",
        "rep_source_register": "реестр",
        "rep_source_declared": "кызматкер өзү көрсөткөн",
        "rep_coverage_none": "жок",
        "rep_coverage_weak": "алсыз",
        "rep_coverage_covered": "бар",
        "rep_reason_idk": "«билбейм» деген жооп",
        "rep_reason_down": "терс баа",
        "rep_kind_theme": "тематикалык багыт",
        "rep_kind_priority": "стратегиянын артыкчылыгы",
        "rep_col_area": "Тармак",
        "rep_col_people": "Кызматкерлер",
        "rep_col_unit": "Бөлүм",
        "rep_col_units": "Бөлүмдөр",
        "rep_col_who": "Ким",
        "rep_col_code": "Коду",
        "rep_col_codes": "Коддор",
        "rep_col_project": "Долбоор",
        "rep_col_projects": "Долбоорлор",
        "rep_col_status": "Абалы",
        "rep_col_strategy": "Стратегия",
        "rep_col_priority": "Артыкчылык",
        "rep_col_coverage": "Камтылышы",
        "rep_col_topic": "Тема",
        "rep_col_date": "Датасы",
        "rep_col_budget": "Бюджет (USD)",
        "rep_col_partners": "Өнөктөштөр",
        "rep_unit_people": "кызматкерлер",
        "rep_unit_projects": "долбоорлор",
        "rep_title_expertise": "Тажрыйба картасы",
        "rep_exp_heatmap": "Кызматкерлер × тажрыйба тармактары, деңгээли боюнча",
        "rep_exp_heatmap_caption": (
            "Саптар бөлүмдөр боюнча топтолгон; деңгээлин жана анын булагын көрүү үчүн курсорду уячага алып барыңыз."
        ),
        "rep_exp_level": "Деңгээл",
        "rep_exp_tip": "{name} — {area}: {level} ({source})",
        "rep_exp_bars": "Тажрыйба тармактары боюнча кызматкерлер, деңгээли боюнча",
        "rep_exp_coverage": "Тармактар боюнча камтылыш",
        "rep_col_expert": "Эксперт",
        "rep_col_advanced": "Жогорку",
        "rep_col_intermediate": "Орто",
        "rep_col_basic": "Базалык",
        "rep_col_unstated": "Деңгээли көрсөтүлгөн эмес",
        "rep_exp_spof": "Жалгыз билгичтер (жогорку же эксперт деңгээлинде бирден ашык эмес адам)",
        "rep_col_senior": "Жогорку жана эксперт деңгээлинде",
        "rep_col_any_level": "Бардык деңгээлде",
        "rep_exp_gaps": "Долбоорлорго жана стратегияларга керек, бирок эч ким билбеген тармактар",
        "rep_col_named_by": "Кайдан",
        "rep_col_where": "Кайда",
        "rep_col_closest": "Кимдир бирөө билген эң жакын тармак",
        "rep_col_closest_z": "Окшоштук (z)",
        "rep_exp_gaps_note": (
            "Талапкерлер: долбоорлордун санариптик компоненттери жана тематикалык багыттары, стратегиялардын "
            "артыкчылыктары. Эгер бирөөнүн тармагы аны менен маанилүү сөздү бөлүшсө, башка тилде же башкача "
            "жазылган ошол эле тармак болсо, же мааниси боюнча ачык эле эң жакын болсо (кызматкерлердин "
            "бардык тармактарынын арасындагы окшоштуктун z-баасы ≥ {z}), тармак камтылган деп эсептелет."
        ),
        "rep_fig_people_expertise": "Тажрыйбасы көрсөтүлгөн кызматкерлер",
        "rep_fig_areas": "Тажрыйба тармактары",
        "rep_fig_spof": "Жалгыз билгичтер",
        "rep_fig_gaps": "Эч ким билбеген керектүү тармактар",
        "rep_sec_who": "Ким эмнени билет",
        "rep_sec_gaps": "Керек, бирок билген адам жок",
        "rep_exp_note_levels": (
            "Деңгээлдер кызматкерлер реестринен жана кызматкерлер өздөрү көрсөткөн маалыматтан (/profile) "
            "алынат; кызматкер өзү көрсөткөн деңгээл ошол эле тармак үчүн реестрдегини алмаштырат."
        ),
        "rep_exp_note_merged": "Тармактар тилдер жана жазылыш түрлөрү боюнча бириктирилген (reports/areas.py).",
        "rep_title_portfolio": "Санариптик компоненттери бар долбоорлордун портфели",
        "rep_col_title": "Аталышы",
        "rep_col_start": "Башталышы",
        "rep_col_end": "Аякташы",
        "rep_col_lead": "Жетекчи",
        "rep_col_lead_unit": "Жетекчинин бөлүмү",
        "rep_col_components": "Санариптик компоненттер",
        "rep_col_themes": "Тематикалык багыттар",
        "rep_col_sdgs": "ТӨМ",
        "rep_pf_projects": "Долбоорлор",
        "rep_pf_components": "Долбоорлор × санариптик компоненттер",
        "rep_col_component": "Санариптик компонент",
        "rep_pf_by_theme": "Тематикалык багыттар боюнча жыйынтыктар",
        "rep_col_theme": "Тематикалык багыт",
        "rep_col_active": "Активдүү",
        "rep_pf_by_theme_note": (
            "Бир нече тематикалык багыты бар долбоор (бүт бюджети менен) алардын ар биринде эсептелет."
        ),
        "rep_pf_by_status": "Абалы боюнча жыйынтыктар",
        "rep_pf_leads": "Долбоор жетекчилери",
        "rep_col_projects_led": "Жетектеген долбоорлор",
        "rep_col_budget_led": "Жетектеген бюджет (USD)",
        "rep_pf_leads_note": (
            "Жетекчи — долбоорго жетекчи ролунда (болбосо байланыш адамы, болбосо мүчө катары) байланган жана "
            "окурман көрө алган адам."
        ),
        "rep_pf_partners": "Өнөктөштөр",
        "rep_col_partner": "Өнөктөш",
        "rep_pf_timeline": "Долбоорлордун убакыт графиги",
        "rep_pf_timeline_caption": "Үзүк сызык — отчет даярдалган күн ({date}).",
        "rep_pf_matrix": "Долбоорлор × тематикалык багыттар",
        "rep_pf_matrix_legend": "долбоордун багыты",
        "rep_pf_status_chart": "Абалы боюнча долбоорлор жана бюджет",
        "rep_pf_budget_series": "бюджет (млн USD)",
        "rep_unit_usd_million": "млн USD",
        "rep_pf_theme_chart": "Тематикалык багыттар боюнча долбоорлор, абалы боюнча",
        "rep_fig_projects": "Долбоорлор",
        "rep_fig_active": "Активдүү долбоорлор",
        "rep_fig_budget": "Жалпы бюджет (USD)",
        "rep_fig_partners": "Өнөктөштөр",
        "rep_sec_projects": "Долбоорлор",
        "rep_sec_status": "Абалы жана бюджет",
        "rep_sec_themes": "Тематикалык багыттар",
        "rep_sec_components": "Санариптик компоненттер",
        "rep_sec_leads": "Жетекчилер жана өнөктөштөр",
        "rep_title_alignment": "Стратегияларга шайкештик",
        "rep_al_tip": (
            "{code} × {priority}: z {z}{declared}\nДолбоор: «{project}» [{project_source}]\n"
            "Стратегия: «{strategy}» [{strategy_source}]"
        ),
        "rep_al_declared": " (долбоор өзү көрсөткөн)",
        "rep_al_heatmap": "Стратегиялардын артыкчылыктары × долбоорлор",
        "rep_al_value": "Шайкештик (z-баа)",
        "rep_al_heatmap_caption": (
            "Уяча — система байланыштуу деп тапкан долбоордун жана стратегиянын үзүндүлөрү (алардын "
            "окшоштугунун стратегиянын бардык үзүндүлөрүнүн арасындагы z-баасы); экөөн тең көрүү үчүн курсорду "
            "алып барыңыз же далилдер таблицасын караңыз."
        ),
        "rep_al_evidence": "Ар бир уячанын далилдери",
        "rep_col_z": "z-баа",
        "rep_col_declared": "Долбоор өзү көрсөткөн",
        "rep_col_project_passage": "Долбоордун үзүндүсү",
        "rep_col_project_source": "Долбоордун булагы",
        "rep_col_strategy_passage": "Стратегиянын үзүндүсү",
        "rep_col_strategy_source": "Стратегиянын булагы",
        "rep_al_priorities": "Стратегиялардын артыкчылыктары жана алардын камтылышы",
        "rep_col_strategy_date": "Стратегиянын датасы",
        "rep_col_aligned_n": "Байланышкан долбоорлордун саны",
        "rep_al_entries": "Кирүү чекиттери: долбоорлор камтыбаган же алсыз камтыган артыкчылыктар",
        "rep_col_aligned": "Байланышкан долбоорлор",
        "rep_col_partners_named": "Стратегия атаган өнөктөштөр",
        "rep_col_people_fit": "Тажрыйбасы туура келген кызматкерлер",
        "rep_col_says": "Стратегияда эмне деп айтылат",
        "rep_al_entries_note": (
            "Өнөктөштөр — портфель реестриндеги уюмдар жана артыкчылыктын текстинде табылган баш тамга менен "
            "жазылган уюмдардын аталыштары. Кызматкерлер — артыкчылыктын аталышы боюнча эксперттерди "
            "издөөнүн жыйынтыгы."
        ),
        "rep_fig_priorities": "Стратегиялардын артыкчылыктары",
        "rep_fig_aligned": "Артыкчылыкка байланышкан долбоорлор",
        "rep_fig_uncovered": "Камтылбаган артыкчылыктар",
        "rep_fig_entries": "Кирүү чекиттери",
        "rep_sec_alignment": "Долбоорлор жана стратегиялардын артыкчылыктары",
        "rep_sec_entries": "Кирүү чекиттери жана өнөктөштүк мүмкүнчүлүктөрү",
        "rep_sec_evidence": "Далилдер",
        "rep_al_note_priorities": (
            "Артыкчылыктар — жүктөлгөн стратегиялык документтердеги аталышы бар бөлүмдөр (doc_type strategy)."
        ),
        "rep_al_note_cells": (
            "Уячалар: retrieval.projects.align_project, z босогосу {z} (alignment_min_z), ар бир долбоор жана "
            "стратегия үчүн эң жакшы {n} артыкчылык."
        ),
        "rep_title_learning": "Окуу муктаждыктары",
        "rep_ln_topics": "Окуу темалары: суроо-талап жана сунуш",
        "rep_col_interests": "Кызыгуулар",
        "rep_col_unmet": "Жооп берилбеген же терс баа алган суроолор",
        "rep_col_demand": "Суроо-талап",
        "rep_col_supply": "Туура келген тармагы бар кызматкерлер",
        "rep_col_supply_senior": "… жогорку жана эксперт деңгээлинде",
        "rep_col_fitting": "Туура келген тармактар",
        "rep_col_examples": "Мисалдар",
        "rep_ln_topics_note": (
            "Темалар — эмбеддингдери боюнча топтолгон кызыгуулар жана суроолор (reports/topics.py); ар бири эң "
            "борбордук кызыгуунун (болбосо суроонун) аты менен аталат."
        ),
        "rep_ln_interests": "Көрсөтүлгөн окуу кызыгуулары",
        "rep_col_person": "Кызматкер",
        "rep_col_wants": "Эмнени үйрөнгүсү келет",
        "rep_col_declared_in": "Кайда көрсөтүлгөн",
        "rep_ln_questions": "Бот жооп бере албаган же терс баа алган суроолор",
        "rep_col_question": "Суроо",
        "rep_col_why": "Эмне үчүн эсептелет",
        "rep_ln_askers_hidden": "Суроо бергендер көрсөтүлбөйт.",
        "rep_ln_log_internal": "Суроолор журналы — кеңсенин ички маалыматы.",
        "rep_ln_supply_chart": "Окуу темалары боюнча суроо-талап жана сунуш",
        "rep_ln_demand_series": "суроо-талап (кызыгуулар + суроолор)",
        "rep_ln_supply_series": "сунуш (туура келген тармагы бар кызматкерлер)",
        "rep_ln_supply_unit": "кызматкерлер / суроо-талаптар",
        "rep_ln_timeline": "Окуу темалары айлар боюнча (суроолор жана кызматкерлер өздөрү көрсөткөн кызыгуулар)",
        "rep_ln_timeline_unit": "айына суроо-талаптар",
        "rep_ln_timeline_caption": "Реестрдеги кызыгуулардын өз датасы жок, ошондуктан бул диаграммага кирбейт.",
        "rep_fig_interests": "Окуу кызыгуулары",
        "rep_fig_unmet": "Жооп берилбеген же терс баа алган суроолор",
        "rep_fig_topics": "Окуу темалары",
        "rep_fig_unmet_topics": "Окута турган эч ким жок темалар",
        "rep_sec_topics": "Темалар",
        "rep_sec_interests": "Көрсөтүлгөн кызыгуулар",
        "rep_sec_questions": "Суроолор",
        "rep_ln_note_source": "Суроолордун булагы: {source}.",
        "rep_title_brief": "Санариптик трансформация миссиясы үчүн маалымкат",
        "rep_sec_portfolio": "Портфель",
        "rep_br_portfolio_intro": "Санариптик компоненттери бар долбоорлор: абалы, бюджети жана мөөнөттөрү.",
        "rep_sec_expertise": "Тажрыйба",
        "rep_br_coverage": "Тармактар боюнча кызматкерлер, деңгээли боюнча ({n} эң чоң тармак)",
        "rep_br_spof": "Жалгыз билгичтер (алгачкы {n})",
        "rep_sec_alignment_entries": "Стратегияларга шайкештик жана кирүү чекиттери",
        "rep_br_entries": "Кирүү чекиттери (алгачкы {n})",
        "rep_br_demand": "Суроо-талап жана сунуш ({n} эң чоң окуу темасы)",
        "rep_br_topics": "Негизги окуу темалары",
        "rep_br_note": (
            "Ар бир көрсөткүч, диаграмма жана таблица өз маалыматтарынын датасын көрсөтөт; толугураак — төрт "
            "толук отчетто."
        ),
    },
}

STRINGS: dict[str, dict[str, str]] = {
    lang: {**table, **_ANSWERS[lang], **_ONBOARDING[lang], **_REPORTS[lang]}
    for lang, table in (("en", _EN), ("ru", _RU), ("ky", _KY))
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
