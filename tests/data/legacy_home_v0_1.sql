-- A records database made by release 0.1 (create_all, before migrations): dtbot ingest of the
-- sample's registers and one project brief, plus one bot user/session/exchange/feedback/update row.
-- Fictional data (data/sample). Used by tests/records/test_migrations.py.
BEGIN TRANSACTION;
CREATE TABLE bot_exchange (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	chat_id INTEGER NOT NULL, 
	chat_type VARCHAR NOT NULL, 
	generation INTEGER NOT NULL, 
	command VARCHAR NOT NULL, 
	question VARCHAR NOT NULL, 
	answer VARCHAR NOT NULL, 
	mode VARCHAR, 
	intent VARCHAR, 
	language VARCHAR, 
	note VARCHAR, 
	error VARCHAR, 
	sources JSON, 
	contacts JSON, 
	elapsed_ms INTEGER, 
	created_at FLOAT NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "bot_exchange" VALUES(1,5000000001,-1001234567890,'supergroup',2,'ask','Кто работает с открытыми данными?','Проекты по теме …','extractive','projects','ru',NULL,NULL,'[{"n": 1, "title": "Portfolio", "source": "registers/project_portfolio.csv"}]','[]',412,1.79623515840606117247e+09);
CREATE TABLE bot_feedback (
	id INTEGER NOT NULL, 
	exchange_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	value INTEGER NOT NULL, 
	comment VARCHAR, 
	created_at FLOAT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(exchange_id) REFERENCES bot_exchange (id)
);
INSERT INTO "bot_feedback" VALUES(1,1,5000000001,-1,'нужен контакт',1.79623515840606117247e+09);
CREATE TABLE bot_session (
	user_id INTEGER NOT NULL, 
	chat_id INTEGER NOT NULL, 
	generation INTEGER NOT NULL, 
	awaiting_comment_qa INTEGER, 
	updated_at FLOAT NOT NULL, 
	PRIMARY KEY (user_id, chat_id)
);
INSERT INTO "bot_session" VALUES(5000000001,-1001234567890,2,NULL,1.79623515840606117247e+09);
CREATE TABLE bot_update (
	update_id INTEGER NOT NULL, 
	received_at FLOAT NOT NULL, 
	PRIMARY KEY (update_id)
);
INSERT INTO "bot_update" VALUES(700001,1.79623515840606117247e+09);
CREATE TABLE bot_user (
	user_id INTEGER NOT NULL, 
	access VARCHAR, 
	changed_by INTEGER, 
	language VARCHAR, 
	username VARCHAR, 
	first_name VARCHAR, 
	first_seen FLOAT NOT NULL, 
	last_seen FLOAT NOT NULL, 
	PRIMARY KEY (user_id)
);
INSERT INTO "bot_user" VALUES(5000000001,'allow',42,'ru','aida_k','Aida',1.79623515840606117247e+09,1.79623515840606117247e+09);
CREATE TABLE document (
	id VARCHAR NOT NULL, 
	source VARCHAR NOT NULL, 
	sha256 VARCHAR NOT NULL, 
	doc_type VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	language VARCHAR, 
	date VARCHAR, 
	access VARCHAR NOT NULL, 
	url VARCHAR, 
	meta JSON, 
	chunk_ids JSON, 
	status VARCHAR NOT NULL, 
	ingested_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "document" VALUES('87f159e3376fce84','/tmp/legacy-src/kgz_dig_005_open_data.md','b051e84a0a2b86fc727a839c56193a96f7a4d0b2563cb1702f6e1a46282cdc98','project','Project brief: KGZ-DIG-005 Open Data for Sustainable Development','ru','2025-08-20','internal',NULL,'{"project_code": "KGZ-DIG-005"}','["87f159e3376fce84-0000-863061ce9065", "87f159e3376fce84-0001-b2b49744e7f3", "87f159e3376fce84-0002-a532a4630758", "87f159e3376fce84-0003-c8b8f35e0ced", "87f159e3376fce84-0004-150e30e57a4d"]','active','2026-12-02 18:12:32.412815');
INSERT INTO "document" VALUES('73e414616d02d679','/tmp/legacy-src/project_portfolio.csv','f6d4d18846d8090ba0cbb2684ab482244f5efd28157f14c0df46e2584c72cddf','register','Project portfolio register','en',NULL,'internal',NULL,'{"register": "projects", "rows": 18}','["73e414616d02d679-0000-fc532d9790db", "73e414616d02d679-0001-f04632d1cd37", "73e414616d02d679-0002-55e40dee5539", "73e414616d02d679-0003-b85a156502ee", "73e414616d02d679-0004-02fd677450b7", "73e414616d02d679-0005-222cc39f3055", "73e414616d02d679-0006-bbda7dc5635f", "73e414616d02d679-0007-7caad4d5d1ce", "73e414616d02d679-0008-e6c74f1aa38f", "73e414616d02d679-0009-0f582c3eb6ab", "73e414616d02d679-0010-55e05023c301", "73e414616d02d679-0011-7ce75bdd7720", "73e414616d02d679-0012-8d3670e98462", "73e414616d02d679-0013-8b1bfcb1e9bb", "73e414616d02d679-0014-0bf02500aba9", "73e414616d02d679-0015-b22df97b24cc", "73e414616d02d679-0016-d69051b058d9", "73e414616d02d679-0017-aa26e2c43c7f"]','active','2026-12-02 18:12:32.477545');
INSERT INTO "document" VALUES('731b6306762beda1','/tmp/legacy-src/staff_expertise.csv','ba5ec1845e6bbd8847b8c46bbdaed1e01413b0e57c773525ab57b40fc56e7e99','register','Staff expertise register','en',NULL,'internal',NULL,'{"register": "staff", "rows": 35}','["731b6306762beda1-0000-fd2f01da08c3", "731b6306762beda1-0001-6f94e7012ed6", "731b6306762beda1-0002-654d33c308e1", "731b6306762beda1-0003-352912d1cb6d", "731b6306762beda1-0004-d689c181c284", "731b6306762beda1-0005-70269cb48e76", "731b6306762beda1-0006-32987adbbde7", "731b6306762beda1-0007-740eb42a12f1", "731b6306762beda1-0008-5d9c360f45c7", "731b6306762beda1-0009-3a9e7bf82f49", "731b6306762beda1-0010-005f454d13d3", "731b6306762beda1-0011-616ef9a4f9b5", "731b6306762beda1-0012-62262378195e", "731b6306762beda1-0013-db31065e6831", "731b6306762beda1-0014-8b01f5e44c6f", "731b6306762beda1-0015-6f5350fc2883", "731b6306762beda1-0016-c04d76177ec2", "731b6306762beda1-0017-dbc70de79f12", "731b6306762beda1-0018-ca347202d39b", "731b6306762beda1-0019-8968d2bdbd41", "731b6306762beda1-0020-fa3b43aeec1f", "731b6306762beda1-0021-f0cd053b527c", "731b6306762beda1-0022-aa9880f5192f", "731b6306762beda1-0023-915d9d35f502", "731b6306762beda1-0024-8f878f80bab4", "731b6306762beda1-0025-7c9ddf06c61b", "731b6306762beda1-0026-0b0dd95ce8b0", "731b6306762beda1-0027-fa9bd9f60653", "731b6306762beda1-0028-717e002e4881", "731b6306762beda1-0029-e535ec256872", "731b6306762beda1-0030-ae063bcaca00", "731b6306762beda1-0031-9d63d0d97f4e", "731b6306762beda1-0032-e38d1e63bb2c", "731b6306762beda1-0033-5e9d1a6aeb94", "731b6306762beda1-0034-1248b6113a29"]','active','2026-12-02 18:12:32.596628');
CREATE TABLE ingestrun (
	id INTEGER NOT NULL, 
	started_at DATETIME NOT NULL, 
	finished_at DATETIME, 
	added INTEGER NOT NULL, 
	updated INTEGER NOT NULL, 
	removed INTEGER NOT NULL, 
	skipped INTEGER NOT NULL, 
	failed INTEGER NOT NULL, 
	chunks INTEGER NOT NULL, 
	failures JSON, 
	PRIMARY KEY (id)
);
INSERT INTO "ingestrun" VALUES(1,'2026-12-02 18:12:32.361136','2026-12-02 18:12:32.835485',3,0,0,0,0,58,'[]');
CREATE TABLE person (
	id INTEGER NOT NULL, 
	"key" VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	email VARCHAR, 
	title VARCHAR, 
	unit VARCHAR, 
	languages JSON, 
	expertise JSON, 
	bio VARCHAR, 
	telegram VARCHAR, 
	phone VARCHAR, 
	source_document_id VARCHAR, 
	PRIMARY KEY (id)
);
INSERT INTO "person" VALUES(1,'aigerim.toktosunova@undp.org','Aigerim Toktosunova','aigerim.toktosunova@undp.org','Digital Transformation Specialist','Digital Transformation Unit','["English", "Russian", "Kyrgyz"]','{"e-governance": "expert", "digital ID / Tunduk interoperability": "expert", "UX / service design": "basic"}','Leads UNDP support to citizen e-services built on the Tunduk data exchange layer, including the redesign of 40 life-event services with the Ministry of Digital Development. Previously worked four years in a Public Service Centre reform team and co-authored the national e-service quality standard.','@aigerim_dt','+996 555 120 341','731b6306762beda1');
INSERT INTO "person" VALUES(2,'bakyt.osmonov@undp.org','Bakyt Osmonov','bakyt.osmonov@undp.org','GIS and Disaster Risk Reduction Analyst','Environment and Climate','["Kyrgyz", "Russian", "English"]','{"GIS / remote sensing": "expert", "early warning systems": "advanced"}','Built the multi-hazard risk atlas used by the Ministry of Emergency Situations for mudflow and landslide planning in Osh, Jalal-Abad and Batken. Trains district emergency staff in QGIS and Sentinel satellite image analysis.','@bakyt_gis','+996 700 451 220','731b6306762beda1');
INSERT INTO "person" VALUES(3,'elena.petrova@undp.org','Elena Petrova','elena.petrova@undp.org','Procurement Analyst','Operations / Procurement','["Russian", "English"]','{"e-procurement": "expert", "open data": "basic"}','Ten years in public procurement, including secondment to the Department of Public Procurement during the migration to the new e-procurement portal. Advises project teams on open contracting data and on UNDP procurement rules for ICT purchases.','@elena_proc','+996 312 611 204','731b6306762beda1');
INSERT INTO "person" VALUES(4,'nurlan.abdykalykov@undp.org','Нурлан Абдыкалыков','nurlan.abdykalykov@undp.org','Специалист по кибербезопасности','Digital Transformation Unit','["Russian", "Kyrgyz", "English"]','{"cybersecurity": "expert", "cloud": "intermediate", "data protection": "intermediate"}','Руководит проектом по укреплению кибербезопасности государственного сектора: создание потенциала правительственного CERT, аудит государственных информационных систем и обучение госслужащих кибергигиене. Ранее 8 лет работал в банковской сфере в службе информационной безопасности.','@nurlan_sec','+996 555 908 117','731b6306762beda1');
INSERT INTO "person" VALUES(5,'timur.sadykov@undp.org','Timur Sadykov','timur.sadykov@undp.org','Governance Programme Analyst','Governance and Peacebuilding','["Russian", "Kyrgyz", "English"]','{"e-procurement": "advanced", "e-governance": "advanced"}','Manages the open and accountable public procurement project with the Ministry of Finance, including the red-flag risk dashboard launched in 2024. Also supports the Digital Parliament work on transparency of the legislative process.','@timur_gov','+996 707 332 918','731b6306762beda1');
INSERT INTO "person" VALUES(6,'gulnara.asanova@undp.org','Gulnara Asanova','gulnara.asanova@undp.org','Data and Statistics Specialist','Digital Transformation Unit','["Kyrgyz", "Russian", "English"]','{"open data": "expert", "data science": "advanced", "M&E": "intermediate"}','Former statistician at the National Statistical Committee; now leads UNDP''s open data partnership with the committee and earlier ran the Data for SDGs monitoring project. Designed the SDG indicator dashboard and the national open data publication guidelines.','@gulnara_data','+996 555 772 016','731b6306762beda1');
INSERT INTO "person" VALUES(7,'azamat.zhumabaev@undp.org','Азамат Жумабаев','azamat.zhumabaev@undp.org','Electoral Technology Project Manager','Governance and Peacebuilding','["Kyrgyz", "Russian", "English"]','{"digital ID / Tunduk interoperability": "advanced", "election technology": "expert"}','Manages UNDP support to the Central Election Commission on biometric voter identification, automated ballot counting and results transmission. Coordinated the voter list verification against the civil registry through Tunduk for the 2024 local elections.','@azamat_cec','+996 772 610 455','731b6306762beda1');
INSERT INTO "person" VALUES(8,'dinara.kasymova@undp.org','Dinara Kasymova','dinara.kasymova@undp.org','Gender and Digital Inclusion Officer','Inclusive Growth','["Kyrgyz", "Russian", "English"]','{"digital skills / literacy": "expert", "gender and digital inclusion": "expert"}','Leads the Sanarip Jashtar programme that has trained more than 6,000 young women and youth in coding, digital safety and online entrepreneurship across all seven regions. Designed the mobile digital literacy bus model used in Naryn and Talas.','@dinara_k','+996 555 300 781','731b6306762beda1');
INSERT INTO "person" VALUES(9,'ruslan.mamytov@undp.org','Ruslan Mamytov','ruslan.mamytov@undp.org','Inclusive Finance Specialist','Inclusive Growth','["Russian", "Kyrgyz", "English"]','{"fintech / digital payments": "expert", "blockchain": "basic"}','Leads the digital payments project for rural micro and small enterprises with the National Bank and payment providers, including QR payments in 30 rural bazaars. Before UNDP he worked on mobile money products at a commercial bank in Bishkek.','@ruslan_fin','+996 700 118 904','731b6306762beda1');
INSERT INTO "person" VALUES(10,'sarah.whitfield@undp.org','Sarah Whitfield','sarah.whitfield@undp.org','Head of Experimentation','Accelerator Lab','["English", "Russian"]','{"UX / service design": "expert", "AI ethics": "intermediate"}','Runs service design sprints and user research with rural citizens for the Accelerator Lab and is preparing the GovTech Service Design Lab. Previously worked on digital service standards for a national government digital service in the UK.','@sarah_acclab',NULL,'731b6306762beda1');
INSERT INTO "person" VALUES(11,'kanat.beishenaliev@undp.org','Kanat Beishenaliev','kanat.beishenaliev@undp.org','Digital Public Infrastructure Advisor','Digital Transformation Unit','["Kyrgyz", "Russian", "English"]','{"digital public infrastructure": "expert", "digital ID / Tunduk interoperability": "expert"}','Was part of the original team that connected the first state registries to Tunduk; at UNDP he leads the digital identity and civil registration modernisation project with the State Registration Service. Technical focal point for Tunduk integration across the portfolio.','@kanat_dpi','+996 555 640 202','731b6306762beda1');
INSERT INTO "person" VALUES(12,'aigul.sydykova@undp.org','Айгуль Сыдыкова','aigul.sydykova@undp.org','Специалист по цифровому здравоохранению','Inclusive Growth','["Kyrgyz", "Russian", "English"]','{"digital health": "advanced", "data protection": "basic"}','Руководит пилотом электронных медицинских карт в учреждениях первичной медико-санитарной помощи Чуйской и Нарынской областей совместно с Министерством здравоохранения и Центром электронного здравоохранения.','@aigul_health','+996 700 225 613','731b6306762beda1');
INSERT INTO "person" VALUES(13,'maksat.usenov@undp.org','Maksat Usenov','maksat.usenov@undp.org','Climate Data Analyst','Environment and Climate','["Kyrgyz", "Russian", "English"]','{"early warning systems": "expert", "GIS / remote sensing": "advanced", "data science": "intermediate"}','Leads the smart climate and air quality monitoring project and designed the sensor-to-SMS early warning chain for glacial lake outburst floods with Kyrgyzhydromet. Holds an MSc in hydrology and has calibrated river-level sensors in the Chon-Kemin valley.','@maksat_climate','+996 555 410 087','731b6306762beda1');
INSERT INTO "person" VALUES(14,'cholpon.ibraimova@undp.org','Cholpon Ibraimova','cholpon.ibraimova@undp.org','Parliamentary Development Specialist','Governance and Peacebuilding','["Kyrgyz", "Russian", "English"]','{"open data": "advanced", "parliamentary development": "expert"}','Leads the Digital Parliament project with the Jogorku Kenesh, including the e-legislation drafting system and the open parliamentary data portal. Worked for six years as a committee adviser in parliament.',NULL,'+996 312 624 550','731b6306762beda1');
INSERT INTO "person" VALUES(15,'marat.tashiev@undp.org','Marat Tashiev','marat.tashiev@undp.org','Legal and Data Governance Analyst','Governance and Peacebuilding','["Russian", "Kyrgyz", "English"]','{"data protection": "expert", "AI ethics": "advanced"}','Lawyer specialised in personal data and digital law; drafted comments on the personal data and electronic signature amendments for the Ministry of Digital Development. Will lead the pipeline project on personal data protection and data governance.','@marat_law',NULL,'731b6306762beda1');
INSERT INTO "person" VALUES(16,'asel.niyazova@undp.org','Asel Niyazova','asel.niyazova@undp.org','Local Governance Specialist','Governance and Peacebuilding','["Kyrgyz", "Russian", "English"]','{"e-governance": "intermediate", "UX / service design": "advanced", "digital public infrastructure": "basic"}','Leads Sanarip Aimak, which brings municipal e-services, budget dashboards and a citizen feedback app to 45 local self-government bodies. Ran co-design workshops with village heads (aiyl okmotu) on land and social assistance services.','@asel_local','+996 707 515 330','731b6306762beda1');
INSERT INTO "person" VALUES(17,'daniyar.alymkulov@undp.org','Daniyar Alymkulov','daniyar.alymkulov@undp.org','Data Scientist','Accelerator Lab','["Kyrgyz", "Russian", "English"]','{"data science": "expert", "AI ethics": "basic"}','Builds machine learning and nowcasting models for the Accelerator Lab, including a night-lights poverty proxy and the satellite-based mudflow susceptibility model used by the early warning project. Teaches Python for analysts inside the office.','@daniyar_ds',NULL,'731b6306762beda1');
INSERT INTO "person" VALUES(18,'jana.novak@undp.org','Jana Novak','jana.novak@undp.org','Digital Policy Specialist','Digital Transformation Unit','["English", "Russian"]','{"AI ethics": "expert", "data protection": "advanced"}','Leads preparation of the Responsible AI Guidance project and contributed to UNDP regional guidance on AI readiness assessments in Europe and Central Asia. Previously worked on algorithmic accountability at a European research institute.','@jana_policy',NULL,'731b6306762beda1');
INSERT INTO "person" VALUES(19,'ermek.kadyrov@undp.org','Ermek Kadyrov','ermek.kadyrov@undp.org','ICT Specialist','Digital Transformation Unit','["Kyrgyz", "Russian", "English"]','{"blockchain": "expert", "cloud": "advanced", "cybersecurity": "intermediate"}','Technical lead of the closed blockchain land registry pilot (2019-2021) with the State Registration Service and author of its lessons-learned note. Now supports system architecture reviews and security audits for the cybersecurity project.','@ermek_ict','+996 555 233 019','731b6306762beda1');
INSERT INTO "person" VALUES(20,'kairat.zhakypov@undp.org','Kairat Zhakypov','kairat.zhakypov@undp.org','ICT Associate','Operations / Procurement','["Kyrgyz", "Russian", "English"]','{"cloud": "expert", "cybersecurity": "advanced"}','Manages the country office IT infrastructure and cloud migration to corporate Microsoft 365 and Azure services. Delivers hands-on cyber hygiene sessions for government staff under the cybersecurity project.','@kairat_it','+996 312 611 215','731b6306762beda1');
INSERT INTO "person" VALUES(21,'meerim.abdrakhmanova@undp.org','Meerim Abdrakhmanova','meerim.abdrakhmanova@undp.org','Monitoring and Evaluation Specialist','Programme Management Support Unit','["Kyrgyz", "Russian", "English"]','{"M&E": "expert", "open data": "intermediate"}','Coordinates results-based monitoring for the whole portfolio and maintains the office digital indicator framework. Was focal point for M&E dashboards built under the Data for SDGs project.','@meerim_me','+996 700 900 316','731b6306762beda1');
INSERT INTO "person" VALUES(22,'saltanat.bekova@undp.org','Saltanat Bekova','saltanat.bekova@undp.org','Communications Analyst','Communications','["Kyrgyz", "Russian", "English"]','{"digital communications": "expert", "digital skills / literacy": "basic"}','Runs the office social media channels and produced the Kyrgyz-language digital safety video series for the Sanarip Jashtar programme. Focal point for all public communication about digital projects.','@saltanat_comms',NULL,'731b6306762beda1');
INSERT INTO "person" VALUES(23,'almaz.toktogulov@undp.org','Алмаз Токтогулов','almaz.toktogulov@undp.org','ГИС-аналитик','Environment and Climate','["Kyrgyz", "Russian"]','{"GIS / remote sensing": "intermediate", "early warning systems": "basic"}','Field GIS analyst based in Osh; collects drone and GPS data on mudflow channels and maintains the village focal point mobile app used for early warning.','@almaz_osh','+996 779 301 442','731b6306762beda1');
INSERT INTO "person" VALUES(24,'olga.kim@undp.org','Olga Kim','olga.kim@undp.org','Procurement Associate','Operations / Procurement','["Russian", "English"]','{"e-procurement": "intermediate", "blockchain": "basic"}','Supports tender evaluation and supplier verification for ICT goods and services and helps the procurement transparency project test open contracting data quality.',NULL,'+996 312 611 209','731b6306762beda1');
INSERT INTO "person" VALUES(25,'nurbek.sultanov@undp.org','Nurbek Sultanov','nurbek.sultanov@undp.org','Health Information Systems Consultant','Inclusive Growth','["Kyrgyz", "Russian", "English"]','{"digital health": "expert", "digital ID / Tunduk interoperability": "intermediate"}','Designed the patient identification service that looks up the personal identification number through Tunduk for the electronic health records pilot. Has 12 years of experience with hospital information systems in Central Asia.','@nurbek_his','+996 555 781 330','731b6306762beda1');
INSERT INTO "person" VALUES(26,'zhyldyz.myrzabekova@undp.org','Zhyldyz Myrzabekova','zhyldyz.myrzabekova@undp.org','Youth and Innovation Officer','Accelerator Lab','["Kyrgyz", "Russian", "English"]','{"digital skills / literacy": "advanced", "UX / service design": "intermediate"}','Organises hackathons and coding clubs for rural youth and co-designed the online learning platform of Sanarip Jashtar in Kyrgyz. Supports user research for the GovTech Service Design Lab.','@zhyldyz_youth',NULL,'731b6306762beda1');
INSERT INTO "person" VALUES(27,'aibek.mamatov@undp.org','Айбек Маматов','aibek.mamatov@undp.org','Аналитик по развитию частного сектора','Inclusive Growth','["Kyrgyz", "Russian"]','{"fintech / digital payments": "advanced"}','Отвечает за работу с платёжными провайдерами и обучение предпринимателей на сельских рынках использованию QR-платежей и приложения цифрового учёта.',NULL,'+996 700 334 871','731b6306762beda1');
INSERT INTO "person" VALUES(28,'chynara.omurbekova@undp.org','Chynara Omurbekova','chynara.omurbekova@undp.org','Programme Associate','Programme Management Support Unit','["Kyrgyz", "Russian", "English"]','{"M&E": "advanced", "e-procurement": "basic"}','Handles quality assurance, reporting and donor compliance for governance projects and tracks procurement-related results indicators.','@chynara_pmsu',NULL,'731b6306762beda1');
INSERT INTO "person" VALUES(29,'ainura.sharshenova@undp.org','Ainura Sharshenova','ainura.sharshenova@undp.org','Deputy Resident Representative','Management','["English", "Russian", "Kyrgyz"]','{"digital public infrastructure": "intermediate", "programme management": "expert"}','Chairs the Digital Task Force and oversees the governance and digital portfolio. Represents UNDP in the development partners'' working group on digital transformation.','@ainura_drr','+996 312 611 200','731b6306762beda1');
INSERT INTO "person" VALUES(30,'tilek.baiturov@undp.org','Tilek Baiturov','tilek.baiturov@undp.org','IT Analyst','Digital Transformation Unit','["Kyrgyz", "Russian", "English"]','{"cybersecurity": "basic", "API testing": "intermediate"}','Junior analyst supporting API testing of e-services connected to Tunduk and maintaining the security awareness training materials.','@tilek_b',NULL,'731b6306762beda1');
INSERT INTO "person" VALUES(31,'kamila.rakhimova@undp.org','Kamila Rakhimova','kamila.rakhimova@undp.org','UX Researcher','Accelerator Lab','["Russian", "Kyrgyz", "English", "Uzbek"]','{"digital health": "basic", "user research": "advanced"}','Conducts patient and clinician interviews for the digital health records pilot and usability testing of government e-services in Uzbek-speaking communities of Osh region.','@kamila_ux','+996 777 402 118','731b6306762beda1');
INSERT INTO "person" VALUES(32,'bolot.esenaliev@undp.org','Bolot Esenaliev','bolot.esenaliev@undp.org','Election Technology Officer','Governance and Peacebuilding','["Kyrgyz", "Russian", "English"]','{"election technology": "advanced"}','Supports deployment and testing of biometric voter identification and automatic ballot counting equipment in polling stations, including training of precinct commission members.',NULL,'+996 772 880 091','731b6306762beda1');
INSERT INTO "person" VALUES(33,'feruza.yusupova@undp.org','Feruza Yusupova','feruza.yusupova@undp.org','Private Sector Development Analyst','Inclusive Growth','["Russian", "Uzbek", "Kyrgyz", "English"]','{"blockchain": "advanced", "fintech / digital payments": "intermediate"}','Worked on the smart-contract design of the blockchain land registry pilot and now supports the digital payments project on mobile wallets for women entrepreneurs.','@feruza_y',NULL,'731b6306762beda1');
INSERT INTO "person" VALUES(34,'peter.lindqvist@undp.org','Peter Lindqvist','peter.lindqvist@undp.org','Chief Technical Advisor, Digital Governance','Digital Transformation Unit','["English", "Russian"]','{"e-governance": "advanced", "digital public infrastructure": "advanced", "cloud": "intermediate"}','Provides technical advice on e-government architecture, interoperability and digital public infrastructure across the portfolio. Previously advised on X-Road based interoperability roll-outs in two Eastern European countries.','@peter_cta',NULL,'731b6306762beda1');
INSERT INTO "person" VALUES(35,'ermek.duishonaliev@undp.org','Эрмек Дүйшөналиев','ermek.duishonaliev@undp.org','Специалист по данным и мониторингу','Programme Management Support Unit','["Kyrgyz", "Russian"]','{"data science": "basic", "M&E": "intermediate"}','Кыргыз тилинде маалымат сабаттуулугу боюнча тренингдерди өткөрөт жана долбоорлордун мониторинг маалыматтарын чогултат.',NULL,NULL,'731b6306762beda1');
CREATE TABLE personproject (
	id INTEGER NOT NULL, 
	person_id INTEGER NOT NULL, 
	project_id INTEGER, 
	document_id VARCHAR, 
	role VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (person_id, project_id, document_id, role), 
	FOREIGN KEY(person_id) REFERENCES person (id), 
	FOREIGN KEY(project_id) REFERENCES project (id)
);
INSERT INTO "personproject" VALUES(1,1,1,'731b6306762beda1','lead');
INSERT INTO "personproject" VALUES(2,1,2,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(3,1,16,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(4,2,4,'731b6306762beda1','lead');
INSERT INTO "personproject" VALUES(5,2,13,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(6,3,3,'731b6306762beda1','focal point');
INSERT INTO "personproject" VALUES(7,4,6,'731b6306762beda1','lead');
INSERT INTO "personproject" VALUES(8,4,11,'731b6306762beda1','focal point');
INSERT INTO "personproject" VALUES(9,4,15,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(10,5,3,'731b6306762beda1','lead');
INSERT INTO "personproject" VALUES(11,5,14,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(12,6,5,'731b6306762beda1','lead');
INSERT INTO "personproject" VALUES(13,6,17,'731b6306762beda1','lead');
INSERT INTO "personproject" VALUES(14,7,11,'731b6306762beda1','lead');
INSERT INTO "personproject" VALUES(15,8,7,'731b6306762beda1','lead');
INSERT INTO "personproject" VALUES(16,9,8,'731b6306762beda1','lead');
INSERT INTO "personproject" VALUES(17,10,9,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(18,10,18,'731b6306762beda1','lead');
INSERT INTO "personproject" VALUES(19,11,1,'731b6306762beda1','focal point');
INSERT INTO "personproject" VALUES(20,11,2,'731b6306762beda1','lead');
INSERT INTO "personproject" VALUES(21,12,12,'731b6306762beda1','lead');
INSERT INTO "personproject" VALUES(22,13,4,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(23,13,13,'731b6306762beda1','lead');
INSERT INTO "personproject" VALUES(24,14,14,'731b6306762beda1','lead');
INSERT INTO "personproject" VALUES(25,15,2,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(26,15,9,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(27,15,15,'731b6306762beda1','lead');
INSERT INTO "personproject" VALUES(28,16,16,'731b6306762beda1','lead');
INSERT INTO "personproject" VALUES(29,16,18,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(30,17,4,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(31,17,5,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(32,17,9,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(33,18,9,'731b6306762beda1','lead');
INSERT INTO "personproject" VALUES(34,18,15,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(35,19,6,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(36,19,10,'731b6306762beda1','lead');
INSERT INTO "personproject" VALUES(37,20,6,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(38,21,5,'731b6306762beda1','focal point');
INSERT INTO "personproject" VALUES(39,21,17,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(40,22,7,'731b6306762beda1','focal point');
INSERT INTO "personproject" VALUES(41,23,4,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(42,23,13,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(43,24,3,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(44,25,12,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(45,26,7,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(46,26,18,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(47,27,8,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(48,28,3,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(49,28,17,'731b6306762beda1','focal point');
INSERT INTO "personproject" VALUES(50,30,1,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(51,30,6,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(52,30,16,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(53,31,12,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(54,31,18,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(55,32,11,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(56,33,8,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(57,33,10,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(58,34,1,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(59,34,2,'731b6306762beda1','member');
INSERT INTO "personproject" VALUES(60,35,5,'731b6306762beda1','member');
CREATE TABLE project (
	id INTEGER NOT NULL, 
	code VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	status VARCHAR, 
	start VARCHAR, 
	"end" VARCHAR, 
	budget_usd FLOAT, 
	partners JSON, 
	digital_components JSON, 
	sdgs JSON, 
	thematic_areas JSON, 
	summary VARCHAR, 
	strategy_refs JSON, 
	source_document_id VARCHAR, 
	PRIMARY KEY (id)
);
INSERT INTO "project" VALUES(1,'KGZ-DIG-001','Tunduk-enabled Public E-Services for Citizens','active','2022-03-01','2026-06-30',3450000.0,'["Ministry of Digital Development", "Tunduk State Enterprise", "Public Service Centres", "EU"]','["Tunduk interoperability integration", "e-services portal", "life-event service redesign", "API gateway and service catalogue"]','["16", "9", "10"]','["e-governance", "public service delivery", "digital public infrastructure"]','The project helps the Ministry of Digital Development redesign citizen services so that agencies exchange data through Tunduk instead of asking people for paper certificates. Forty life-event services (birth, marriage, pension, housing subsidy) have been re-engineered and published on the national e-services portal. A shared API gateway and service catalogue make it easier for ministries to reuse existing Tunduk services. By 2025 citizens no longer need to bring 11 common certificates to Public Service Centres.','["UNDP Digital Strategy 2022-2025: digital public infrastructure", "Digital Kyrgyzstan 2019-2023: digital public services and Tunduk", "National Development Strategy 2018-2040: effective e-government"]','73e414616d02d679');
INSERT INTO "project" VALUES(2,'KGZ-DIG-002','Digital Identity and Civil Registration Modernisation','active','2021-09-01','2025-12-31',2800000.0,'["State Registration Service", "Ministry of Digital Development", "Government of Japan", "UNICEF"]','["biometric civil registration", "digital ID (e-ID card and mobile signature)", "birth registration data shared via Tunduk", "digitisation of registry archives"]','["16", "5", "10"]','["digital identity", "civil registration", "digital public infrastructure"]','The project supports the State Registration Service to modernise civil registration and the national digital identity system. It financed biometric enrolment kits for remote registration offices, digitised 3.2 million archival civil status records and helped launch the mobile electronic signature. Birth registrations from maternity hospitals now reach the civil registry and social protection systems through Tunduk. Special outreach targets women in remote areas and people without documents.','["UNDP Digital Strategy 2022-2025: digital public infrastructure", "Digital Kyrgyzstan 2019-2023: digital public services and Tunduk", "Digital Kyrgyzstan 2019-2023: legal and regulatory framework", "National Development Strategy 2018-2040: effective e-government"]','73e414616d02d679');
INSERT INTO "project" VALUES(3,'KGZ-DIG-003','Open and Accountable Public Procurement','active','2023-01-15','2026-12-31',1650000.0,'["Ministry of Finance", "Department of Public Procurement", "civil society anti-corruption coalition", "USAID"]','["e-procurement portal analytics", "open contracting data publication (OCDS)", "red-flag risk dashboard", "supplier verification via Tunduk"]','["16", "12"]','["anti-corruption", "public finance", "open data"]','The project works with the Ministry of Finance to make the national e-procurement system more transparent and harder to abuse. Procurement data is now published in the Open Contracting Data Standard and a red-flag dashboard highlights risky tenders such as single bidders or unusually short deadlines. Supplier tax and company registration status is checked automatically through Tunduk. Civil society monitors were trained to use the data in 2024 and 2025.','["UNDP Data Strategy: data partnerships and open data", "Digital Kyrgyzstan 2019-2023: digital public services and Tunduk", "National Development Strategy 2018-2040: rule of law and anti-corruption"]','73e414616d02d679');
INSERT INTO "project" VALUES(4,'KGZ-DIG-004','GIS-based Disaster Risk Mapping and Early Warning','active','2022-06-01','2026-05-31',4100000.0,'["Ministry of Emergency Situations", "Kyrgyzhydromet", "Switzerland (SDC)", "local municipalities"]','["multi-hazard GIS risk atlas", "satellite remote sensing of mudflows and landslides", "SMS and cell broadcast early warning", "mobile app for village focal points"]','["13", "11", "1"]','["disaster risk reduction", "climate adaptation", "GIS"]','The project equips the Ministry of Emergency Situations with a multi-hazard GIS risk atlas covering mudflows, landslides, floods and earthquakes in southern regions. Satellite imagery and a machine learning susceptibility model help prioritise 120 high-risk villages. Warnings are sent by SMS and cell broadcast, and trained village focal points confirm events through a mobile app. Local municipalities use the maps for land-use and school safety planning.','["UNDP Digital Strategy 2022-2025: digital programming", "UNDP Data Strategy: data for decision-making", "National Development Strategy 2018-2040: environmental safety and disaster resilience"]','73e414616d02d679');
INSERT INTO "project" VALUES(5,'KGZ-DIG-005','Open Data for Sustainable Development','active','2023-04-01','2026-03-31',1200000.0,'["National Statistical Committee", "Ministry of Digital Development", "World Bank"]','["national open data portal", "SDG indicator dashboard", "statistical register exchange via Tunduk", "data literacy training for journalists"]','["17", "16"]','["open data", "statistics", "SDG monitoring"]','Together with the National Statistical Committee, the project relaunched the national open data portal and publishes more than 900 datasets in machine-readable formats. An SDG indicator dashboard shows progress by region and sex. Administrative registers (population, business, social assistance) now reach the statistics committee through Tunduk instead of manual transfers. Journalists, students and civil servants are trained in data literacy.','["UNDP Data Strategy: data partnerships and open data", "UNDP Data Strategy: data literacy and culture", "Digital Kyrgyzstan 2019-2023: digital public services and Tunduk", "National Development Strategy 2018-2040: data-driven governance"]','73e414616d02d679');
INSERT INTO "project" VALUES(6,'KGZ-DIG-006','Public Sector Cybersecurity Capacity','active','2024-01-01','2026-12-31',1900000.0,'["Ministry of Digital Development", "Government CERT", "Korea (KOICA)"]','["government CERT capacity building", "cyber hygiene training for civil servants", "security audits of state information systems", "incident response playbooks"]','["16", "9"]','["cybersecurity", "digital public infrastructure", "institutional capacity"]','The project strengthens the government computer emergency response team and the security of critical state information systems. It supported security audits of 14 systems, including Tunduk security servers of several ministries, and produced incident response playbooks. More than 1,500 civil servants completed cyber hygiene training in Kyrgyz and Russian. A 2025 readiness assessment informs the next phase.','["UNDP Digital Strategy 2022-2025: digital public infrastructure", "Digital Kyrgyzstan 2019-2023: cybersecurity and data protection", "National Development Strategy 2018-2040: Taza Koom digital transformation"]','73e414616d02d679');
INSERT INTO "project" VALUES(7,'KGZ-DIG-007','Sanarip Jashtar: Digital Skills for Women and Youth','active','2023-09-01','2026-08-31',950000.0,'["Ministry of Education and Science", "local municipalities", "Korea (KOICA)", "IT Park Kyrgyzstan"]','["coding bootcamps for young women", "mobile digital literacy buses", "online learning platform in Kyrgyz and Russian", "digital safety curriculum"]','["4", "5", "8"]','["digital skills", "gender equality", "youth employment"]','Sanarip Jashtar (Digital Youth) brings digital skills to young women and youth outside Bishkek. Mobile digital literacy buses visit rural schools and libraries, while 12-week coding bootcamps prepare young women for IT jobs and freelancing. A free online learning platform offers courses in Kyrgyz and Russian, including on online fraud and digital safety. Over 6,000 participants have been trained, 64 percent of them women.','["UNDP Digital Strategy 2022-2025: inclusive digital ecosystems", "Digital Kyrgyzstan 2019-2023: digital skills and education", "National Development Strategy 2018-2040: human capital and education"]','73e414616d02d679');
INSERT INTO "project" VALUES(8,'KGZ-DIG-008','Digital Payments for Rural MSMEs','active','2024-03-01','2026-12-31',1300000.0,'["National Bank of the Kyrgyz Republic", "commercial banks and payment providers", "Switzerland (SDC)"]','["QR-code payments in rural markets", "digital bookkeeping app", "mobile wallets for women entrepreneurs", "financial literacy chatbot"]','["8", "5", "1"]','["fintech", "MSME development", "financial inclusion"]','The project helps micro, small and medium enterprises in rural areas accept digital payments and keep simple digital records. With the National Bank and payment providers it rolled out QR payments in 30 rural bazaars and a bookkeeping app used by 2,400 entrepreneurs. Women entrepreneurs receive mobile wallets and coaching. A Kyrgyz-language chatbot answers questions on fees, fraud and savings.','["UNDP Digital Strategy 2022-2025: inclusive digital ecosystems", "Digital Kyrgyzstan 2019-2023: digital economy and e-commerce", "National Development Strategy 2018-2040: regional development"]','73e414616d02d679');
INSERT INTO "project" VALUES(9,'KGZ-DIG-009','Responsible AI Guidance for the Public Sector','pipeline','2026-03-01','2027-06-30',600000.0,'["Ministry of Digital Development", "Kyrgyz State Technical University", "UNESCO"]','["AI ethics guidelines for government", "algorithmic impact assessment toolkit", "national AI readiness assessment", "review of public-sector chatbot pilots"]','["16", "9"]','["AI ethics", "digital governance", "human rights"]','The planned project will help the government adopt principles and practical tools for the responsible use of artificial intelligence. It will start with an AI readiness assessment and draft public-sector AI ethics guidelines in consultation with academia and civil society. An algorithmic impact assessment toolkit will be tested on two ministry chatbot pilots. Funding discussions are ongoing.','["UNDP Digital Strategy 2022-2025: digital programming", "UNDP Data Strategy: data governance and protection", "National Development Strategy 2018-2040: Taza Koom digital transformation"]','73e414616d02d679');
INSERT INTO "project" VALUES(10,'KGZ-DIG-010','Blockchain Land Registry Pilot','closed','2019-05-01','2021-06-30',450000.0,'["State Registration Service", "local municipalities"]','["permissioned blockchain ledger for land titles", "smart-contract transaction logging", "citizen title verification portal"]','["16", "1"]','["land administration", "blockchain", "anti-corruption"]','The pilot tested a permissioned blockchain ledger to record land title transactions in two pilot municipalities of Chui region. About 5,000 transactions were logged and citizens could verify their titles online. The evaluation found technical feasibility but limited added value compared to a well-secured central registry, and recommended integration of the cadastre with Tunduk instead of scaling the blockchain. The project closed in June 2021.','["Digital Kyrgyzstan 2019-2023: digital public services and Tunduk", "National Development Strategy 2018-2040: rule of law and anti-corruption"]','73e414616d02d679');
INSERT INTO "project" VALUES(11,'KGZ-DIG-011','Election Technology and Biometric Voter Verification Support','active','2023-02-01','2026-12-31',3200000.0,'["Central Election Commission", "State Registration Service", "EU", "Government of Japan"]','["biometric voter identification", "voter list verification via Tunduk", "automatic ballot counting and results transmission", "online candidate registration", "security of election IT systems"]','["16", "5"]','["elections", "democratic governance", "digital identity"]','The project supports the Central Election Commission in running elections with biometric voter identification and automatic ballot counting. The voter list is verified against the civil registry of the State Registration Service through Tunduk before each election. UNDP also supported online candidate registration and a security review of results transmission. A feasibility study on internet voting concluded in 2024 that conditions were not yet in place.','["UNDP Digital Strategy 2022-2025: digital programming", "Digital Kyrgyzstan 2019-2023: digital public services and Tunduk", "National Development Strategy 2018-2040: rule of law and anti-corruption"]','73e414616d02d679');
INSERT INTO "project" VALUES(12,'KGZ-DIG-012','Digital Health Records Pilot','active','2024-05-01','2026-10-31',1450000.0,'["Ministry of Health", "e-Health Centre", "Government of Japan", "WHO"]','["electronic health records in primary care", "patient identification via personal ID number through Tunduk", "telemedicine for remote villages", "health data protection"]','["3", "16"]','["digital health", "primary health care", "data protection"]','The pilot introduces electronic health records in 36 primary health care facilities in Chui and Naryn regions. Patients are identified by their personal identification number, which the system checks against the population register through Tunduk. Telemedicine consultations connect feldsher posts in remote villages with district specialists. Health data protection rules and access logs were designed with the e-Health Centre.','["UNDP Digital Strategy 2022-2025: inclusive digital ecosystems", "UNDP Data Strategy: data governance and protection", "Digital Kyrgyzstan 2019-2023: digital public services and Tunduk"]','73e414616d02d679');
INSERT INTO "project" VALUES(13,'KGZ-DIG-013','Smart Climate and Air Quality Monitoring','active','2024-02-01','2026-12-31',1100000.0,'["Kyrgyzhydromet", "Bishkek City Hall", "Korea (KOICA)"]','["IoT air quality sensor network in Bishkek and Osh", "glacier lake and river-level sensors", "open climate data API", "citizen air quality app"]','["13", "11", "3"]','["climate", "air quality", "environmental data"]','The project installed 60 low-cost air quality sensors in Bishkek and Osh and 12 automatic river-level and glacier lake sensors in high-risk valleys. Data flows into an open climate data API run with Kyrgyzhydromet. A citizen app shows air quality in Kyrgyz and Russian and warns sensitive groups on polluted days. Sensor data also feed the early warning chain of KGZ-DIG-004.','["UNDP Data Strategy: data infrastructure and tools", "National Development Strategy 2018-2040: environmental safety and disaster resilience"]','73e414616d02d679');
INSERT INTO "project" VALUES(14,'KGZ-DIG-014','Digital Parliament','active','2022-01-01','2025-12-31',1000000.0,'["Jogorku Kenesh (Parliament)", "EU"]','["e-legislation drafting system", "open parliamentary data portal", "livestreaming and online public consultation platform", "paperless plenary"]','["16"]','["parliamentary development", "transparency", "open data"]','The project supports the Jogorku Kenesh to move law-making online. Draft laws are prepared and tracked in an e-legislation system, and votes, attendance and bills are published on an open parliamentary data portal. Citizens comment on draft laws through an online consultation platform. Plenary sessions have been paperless since 2024.','["UNDP Digital Strategy 2022-2025: digital programming", "UNDP Data Strategy: data partnerships and open data", "National Development Strategy 2018-2040: effective e-government"]','73e414616d02d679');
INSERT INTO "project" VALUES(15,'KGZ-DIG-015','Personal Data Protection and Data Governance','pipeline','2026-01-15','2027-12-31',750000.0,'["State Agency for Personal Data Protection", "Ministry of Digital Development", "EU"]','["data protection compliance toolkit", "data inventories for ministries", "privacy impact assessments", "training of data protection officers"]','["16"]','["data protection", "data governance", "human rights"]','The planned project will help state bodies comply with personal data protection legislation as more registries are connected. It will produce a compliance toolkit, run data inventories in five ministries and train data protection officers. Privacy impact assessments will be tested on two new Tunduk-based services. The project document is under appraisal.','["UNDP Data Strategy: data governance and protection", "Digital Kyrgyzstan 2019-2023: cybersecurity and data protection", "Digital Kyrgyzstan 2019-2023: legal and regulatory framework"]','73e414616d02d679');
INSERT INTO "project" VALUES(16,'KGZ-DIG-016','Sanarip Aimak: Digital Local Governance','active','2023-06-01','2026-12-31',1750000.0,'["local municipalities", "Ministry of Digital Development", "Switzerland (SDC)", "Union of Local Self-Governments"]','["municipal e-services connected to Tunduk", "local budget transparency dashboard", "citizen feedback app", "digital skills for municipal staff"]','["16", "11"]','["local governance", "e-governance", "public service delivery"]','Sanarip Aimak (Digital Region) brings digital services to 45 aiyl okmotu (rural municipalities) and small towns. Municipal services such as land allocation and social assistance requests are connected to Tunduk so that local staff can verify data from state registries online. A budget transparency dashboard and a citizen feedback app increase accountability. Over 700 municipal staff have been trained.','["UNDP Digital Strategy 2022-2025: digital public infrastructure", "Digital Kyrgyzstan 2019-2023: digital public services and Tunduk", "National Development Strategy 2018-2040: regional development"]','73e414616d02d679');
INSERT INTO "project" VALUES(17,'KGZ-DIG-017','Data for SDGs Monitoring','closed','2020-02-01','2023-03-31',680000.0,'["National Statistical Committee", "Ministry of Economy and Commerce", "UNICEF"]','["national SDG reporting platform", "administrative data quality assessment", "M&E dashboards for ministries"]','["17"]','["SDG monitoring", "statistics", "M&E"]','The project built the first national SDG reporting platform and assessed the quality of administrative data used for SDG indicators. Ministries received simple M&E dashboards to track their sector targets. Lessons on data gaps fed directly into the design of KGZ-DIG-005. The project closed in March 2023.','["UNDP Data Strategy: data for decision-making", "National Development Strategy 2018-2040: data-driven governance"]','73e414616d02d679');
INSERT INTO "project" VALUES(18,'KGZ-DIG-018','GovTech Service Design Lab','pipeline','2026-04-01','2028-03-31',900000.0,'["Ministry of Digital Development", "UNDP Accelerator Lab network", "USAID"]','["service design sprints for life-event services", "user research with rural citizens", "prototyping of public service chatbots", "GovTech startup challenge"]','["16", "9", "17"]','["service design", "GovTech", "innovation"]','The planned lab will bring user research and rapid prototyping into the design of government digital services. Teams from ministries will run service design sprints with the Accelerator Lab, test chatbots for frequent citizen questions and launch a GovTech challenge for local start-ups. The lab builds on the life-event redesign work of KGZ-DIG-001.','["UNDP Digital Strategy 2022-2025: digital programming", "UNDP Digital Strategy 2022-2025: digital UNDP", "Digital Kyrgyzstan 2019-2023: digital public services and Tunduk", "National Development Strategy 2018-2040: Taza Koom digital transformation"]','73e414616d02d679');
CREATE UNIQUE INDEX ix_person_key ON person ("key");
CREATE INDEX ix_person_email ON person (email);
CREATE UNIQUE INDEX ix_project_code ON project (code);
CREATE INDEX ix_document_source ON document (source);
CREATE INDEX ix_bot_update_received_at ON bot_update (received_at);
CREATE INDEX ix_bot_exchange_chat_id ON bot_exchange (chat_id);
CREATE INDEX ix_bot_exchange_created_at ON bot_exchange (created_at);
CREATE INDEX ix_bot_exchange_user_id ON bot_exchange (user_id);
CREATE INDEX ix_personproject_document_id ON personproject (document_id);
CREATE INDEX ix_personproject_project_id ON personproject (project_id);
CREATE INDEX ix_personproject_person_id ON personproject (person_id);
CREATE INDEX ix_bot_feedback_exchange_id ON bot_feedback (exchange_id);
COMMIT;
