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

STRINGS: dict[str, dict[str, str]] = {
    lang: {**table, **_ANSWERS[lang], **_ONBOARDING[lang]}
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
