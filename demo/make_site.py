#!/usr/bin/env python3
# ruff: noqa: E501, UP031
# (long prose lines and %-templates are deliberate in this data-heavy HTML generator)
"""Generate the bundled demo news site under demo/site/ and demo/expected_visits.json.

Deterministic: no randomness, no clock, no network. Re-running produces byte-identical output.
Part 1 holds the article texts (all fictional); part 2 renders them.

Serving conventions (implemented by the demo server, not here):
  * each folder demo/site/<slug>/ is one outlet, served as its own host;
  * "{{BASE_URL}}" in text files is replaced by the outlet's base URL (no trailing slash);
  * URL path -> file: exact file, else <path>.html, else <path>/index.html;
  * "<file>.headers.json" overrides response headers (and may set "status").
"""

import email.utils
import html
import json
import os
import shutil
from datetime import UTC, datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))

# ===========================================================================
# Part 1: article texts. Dates are local to the outlet (offsets in TZ below).
# ===========================================================================
# ---------------------------------------------------------------------------
# The Moscow Courier (Moscow Times page structure), +03:00
# ---------------------------------------------------------------------------
MOSCOWCOURIER = [
    dict(
        key="mc_cityday",
        id=50112,
        date="2025-09-07T10:15",
        slug="moscow-marks-city-day-with-weekend-of-concerts-and-fireworks",
        headline="Moscow Marks City Day With Weekend of Concerts and Fireworks",
        standfirst="In pictures.",
        authors=["Courier Staff"],
        section="news",
        tags=["Moscow", "Photo Gallery"],
        image=(
            "city-day.jpg",
            "Fireworks over the Moscow River on Saturday evening.",
            "Pavel Golovkin / Courier",
        ),
        body=[],  # intentionally empty: the "empty body" bad page
    ),
    dict(
        key="mc_wheat",
        id=50284,
        date="2025-09-10T16:40",
        slug="russian-wheat-exports-to-africa-hit-record-as-harvest-beats-forecasts",
        headline="Russian Wheat Exports to Africa Hit Record as Harvest Beats Forecasts",
        standfirst="Egypt, Algeria and Kenya were among the largest buyers in the 2024-25 season.",
        authors=["Dmitri Sokolov"],
        section="business",
        tags=["Agriculture", "Economy", "Exports"],
        image=(
            "wheat-harvest.jpg",
            "A combine harvester in the Novosibirsk region.",
            "Kirill Kukhmar / TASS",
        ),
        body=[
            "Russian wheat shipments to African countries reached a record in the 2024-25 marketing season, the Agriculture Ministry said on Wednesday, as a late-summer harvest came in well above official forecasts.",
            "Exporters shipped 17.8 million tons of wheat to the continent between July 2024 and June 2025, up 11% on the previous season, with Egypt, Algeria and Kenya among the largest buyers, according to ministry figures.",
            "Analysts at the consultancy Zerno Analytics on Tuesday raised their estimate for this year's crop to 86.4 million tons, citing strong yields in Siberia and the Volga region that offset drought losses in the south.",
            '"The southern regions had a difficult year, but Siberia saved the balance," said Andrei Kovalenko, a senior analyst at the firm.',
            "The government has kept a floating export duty on grain in place since 2021, a measure that farmers say eats into their margins at a time of record borrowing costs.",
            "Wheat prices at the Black Sea port of Novorossiysk slipped to $228 per ton last week, the lowest level since May.",
        ],
    ),
    dict(
        key="mc_laos",
        id=50467,
        date="2025-09-25T19:20",
        slug="lisitsyn-visits-laos-in-push-for-southeast-asian-partners",
        headline="Lisitsyn Visits Laos in Push for Southeast Asian Partners",
        standfirst="The foreign minister held talks in Vientiane on energy, education and a proposed nuclear research center.",
        authors=["Yulia Markova"],
        section="news",
        tags=["Laos", "Gennady Lisitsyn", "Asia", "Diplomacy"],
        image=(
            "lisitsyn-vientiane.jpg",
            "Foreign Minister Gennady Lisitsyn.",
            "Russian Foreign Ministry / TASS",
        ),
        body=[
            "Russian Foreign Minister Gennady Lisitsyn visited Laos on Thursday, holding talks in Vientiane with his Lao counterpart and the country's prime minister as Moscow seeks closer ties with Southeast Asian states that have declined to join Western sanctions.",
            "Lisitsyn and Lao Foreign Minister Thongsavanh Keomany signed a plan of consultations for 2026-2028 and discussed a nuclear research center that Rosatom has offered to build outside the capital, the Russian Foreign Ministry said.",
            '"Laos is a reliable friend and an important partner for us in ASEAN," Lisitsyn told reporters after the meeting.',
            "Ahead of the talks, the minister laid flowers at the Patuxai monument in central Vientiane and met Lao students who had studied at Russian universities.",
            "Trade between the two countries remains modest, at around $150 million last year, but Moscow has expanded scholarship programs for Lao students and supplied helicopters and armored vehicles to the Lao armed forces.",
            "Russia has sought to build closer relations with Asian, African and Latin American countries since launching its full-scale invasion of Ukraine in February 2022, presenting itself as a partner that attaches no political conditions.",
        ],
    ),
    dict(
        key="mc_niger_mali",
        id=50733,
        date="2025-10-14T18:32",
        slug="russian-military-delegation-visits-niger-and-mali-to-deepen-defense-ties",
        headline="Russian Military Delegation Visits Niger and Mali to Deepen Defense Ties",
        standfirst="Deputy Defense Minister Viktor Ostapenko signed a cooperation memorandum in Niamey a day after talks in Bamako.",
        authors=["Leonid Fyodorov"],
        section="news",
        tags=["Niger", "Mali", "Africa", "Defense Ministry"],
        image=(
            "ostapenko-niamey.jpg",
            "Deputy Defense Minister Viktor Ostapenko.",
            "Russian Defense Ministry / TASS",
        ),
        body=[
            "A Russian military delegation led by Deputy Defense Minister Viktor Ostapenko held talks with Niger's military leaders in Niamey on Monday, Nigerien state television reported, with the two sides agreeing to expand training and arms supplies.",
            'The delegation was received by the head of Niger\'s military government, General Abdourahamane Tiani, who thanked Moscow for "standing by the Nigerien people when others turned their backs."',
            "Ostapenko and Niger's Defense Minister General Moussa Abdou signed a memorandum on military-technical cooperation covering air defense systems and the training of Nigerien officers at Russian academies, the Russian Defense Ministry said on Tuesday.",
            "The Russian delegation on Sunday also visited Bamako, where it met Mali's transitional president and discussed a joint gold refinery and deliveries of grain and fuel, according to a statement from Mali's presidency.",
            "Russia has stepped up its presence in the Sahel since military juntas seized power in Mali, Burkina Faso and Niger between 2020 and 2023 and pushed out French forces.",
            "The Africa Corps, a force controlled by the Defense Ministry that replaced the Wagner mercenary group in the region, has deployed instructors to all three countries.",
            "The three juntas formed the Alliance of Sahel States last year and formally left the West African regional bloc ECOWAS in January.",
        ],
    ),
    dict(
        key="mc_keyrate",
        id=51190,
        date="2025-10-24T14:05",
        slug="central-bank-cuts-key-rate-to-165-as-inflation-cools",
        headline="Central Bank Cuts Key Rate to 16.5% as Inflation Cools",
        standfirst="The regulator warned that the labor market remains overheated.",
        authors=["Dmitri Sokolov"],
        section="business",
        tags=["Central Bank", "Inflation", "Economy"],
        image=(
            "central-bank.jpg",
            "The Central Bank headquarters on Neglinnaya Ulitsa.",
            "Sergei Kiselev / Moskva News Agency",
        ),
        body=[
            "Russia's Central Bank cut its key interest rate by 50 basis points to 16.5% on Friday, saying that inflation was slowing faster than expected but warning that the labor market remained overheated.",
            "Annual inflation eased to 8% in September from a peak above 10% in the spring, according to the state statistics agency Rosstat.",
            '"The disinflation process is under way, but it is not yet sustainable," the bank\'s first deputy governor, Mikhail Zaitsev, told a news conference.',
            "Businesses have complained for months that record borrowing costs are choking investment, with steelmakers and coal miners reporting losses for the first half of the year.",
            "The ruble firmed slightly after the decision, trading at around 81 to the U.S. dollar on the Moscow Exchange.",
            "Most analysts had expected the bank to hold rates or make a similar cut. The next board meeting is scheduled for Dec. 19.",
        ],
    ),
    dict(
        key="mc_myanmar",
        id=51402,
        date="2025-11-11T17:50",
        slug="russian-deputy-pm-holds-talks-in-myanmar-on-nuclear-plant-oil-refinery",
        headline="Russian Deputy PM Holds Talks in Myanmar on Nuclear Plant, Oil Refinery",
        standfirst="Oleg Vereshchagin's two-day visit to Naypyidaw is the highest-level Russian trip since the junta announced elections.",
        authors=["Yulia Markova"],
        section="news",
        tags=["Myanmar", "Asia", "Rosatom", "Oleg Vereshchagin"],
        image=(
            "vereshchagin-naypyidaw.jpg",
            "Deputy Prime Minister Oleg Vereshchagin.",
            "Government Press Service / TASS",
        ),
        body=[
            "Russian Deputy Prime Minister Oleg Vereshchagin held talks in Naypyidaw during a two-day visit that ended on Tuesday, signing agreements with Myanmar's military government on a small nuclear power plant and an oil refinery.",
            "Vereshchagin arrived in the Myanmar capital on Monday at the head of a delegation that included officials from Rosatom, the Energy Ministry and several state banks, the Russian government said in a statement.",
            'He was hosted for talks on Tuesday by the chairman of Myanmar\'s State Security and Peace Commission, who praised Russia as "a true friend in difficult times," according to Myanmar state media.',
            "The sides agreed to begin a feasibility study for a 110-megawatt modular reactor and to settle more of their trade in rubles and kyat, bypassing the U.S. dollar.",
            "Russia is one of the main suppliers of weapons to Myanmar's military, which seized power in a 2021 coup and faces armed resistance across much of the country.",
            "Western governments have sanctioned the junta and several of its arms suppliers, including Russian companies.",
            "Trade between Russia and Myanmar rose by a third last year to $420 million, according to Russian customs data.",
        ],
    ),
    dict(
        key="mc_shadowfleet",
        id=51655,
        date="2025-11-20T12:10",
        slug="eu-targets-shadow-fleet-tankers-in-new-sanctions-package",
        headline="EU Targets 'Shadow Fleet' Tankers in New Sanctions Package",
        standfirst="More than 100 vessels are to be barred from European ports.",
        authors=["Dmitri Sokolov"],
        section="business",
        tags=["Sanctions", "Oil", "European Union"],
        image=("tanker.jpg", "An oil tanker near the port of Primorsk.", "Sergei Bobylev / TASS"),
        body=[
            "The European Union on Thursday added 117 tankers to its list of vessels barred from European ports, targeting the so-called shadow fleet that Russia uses to ship oil around a Western price cap.",
            "The measure, part of a new sanctions package agreed by EU ambassadors late on Wednesday, also bans transactions with two refineries in China and a Dubai-based trader accused of helping Moscow sell crude above the cap.",
            'The Kremlin\'s spokesman called the restrictions "illegal" and said Russia would continue to sell its oil to "responsible buyers."',
            "Russia's seaborne crude exports averaged 3.3 million barrels per day in October, roughly unchanged from September, according to shipping analysts.",
            "Most of the blacklisted tankers are more than 15 years old and sail under the flags of small states, raising fears among environmental groups of a major spill in the Baltic Sea.",
            "Oil and gas revenues still account for around a quarter of Russia's federal budget, which the Finance Ministry expects to close the year with a deficit of 2.6% of GDP.",
        ],
    ),
    dict(
        key="mc_governor",
        id=51890,
        date="2025-12-03T09:45",
        slug="ex-governor-of-tambov-region-detained-in-bribery-case",
        headline="Ex-Governor of Tambov Region Detained in Bribery Case",
        standfirst="Investigators accuse Sergei Lapin of taking 140 million rubles in kickbacks on road contracts.",
        authors=["Leonid Fyodorov"],
        section="news",
        tags=["Corruption", "Regions", "Investigative Committee"],
        image=("lapin.jpg", "Former Tambov region Governor Sergei Lapin.", "tambov.gov.ru"),
        body=[
            "Investigators detained the former governor of the Tambov region, Sergei Lapin, on Tuesday on suspicion of taking bribes worth 140 million rubles ($1.8 million), the Investigative Committee said.",
            "A Moscow court is expected to decide on Wednesday whether to place Lapin in pre-trial detention.",
            'Lapin, who led the region for six years before resigning in May "for personal reasons," denies any wrongdoing, his lawyer told the Interfax news agency.',
            "Investigators say the kickbacks were paid between 2020 and 2024 by contractors who won tenders to repair regional highways and bridges.",
            "More than a dozen regional governors and deputy governors have been arrested since 2022 in what critics describe as a campaign to tighten the Kremlin's grip on regional elites.",
            "The region's current governor said in a statement that his administration was cooperating fully with investigators.",
        ],
    ),
    dict(
        key="mc_venezuela",
        id=52013,
        date="2025-12-09T20:05",
        slug="duma-speaker-leads-parliamentary-delegation-to-venezuela",
        headline="Duma Speaker Leads Parliamentary Delegation to Venezuela",
        standfirst='Pavel Sukhanov called Venezuela "Russia\'s most reliable partner in Latin America."',
        authors=["Yulia Markova"],
        section="news",
        tags=["Venezuela", "State Duma", "Latin America"],
        image=(
            "sukhanov-caracas.jpg",
            "State Duma Speaker Pavel Sukhanov.",
            "State Duma Press Service / TASS",
        ),
        body=[
            "A Russian parliamentary delegation led by State Duma Speaker Pavel Sukhanov arrived in Caracas on Monday for talks with Venezuelan officials, the Duma's press service said.",
            "Sukhanov was received by Venezuela's president at the Miraflores Palace and later addressed a session of the National Assembly, where he called Venezuela \"Russia's most reliable partner in Latin America.\"",
            "The visit comes amid a U.S. naval buildup in the Caribbean that the government in Caracas describes as a threat to its sovereignty.",
            "Lawmakers from the two countries signed an agreement on inter-parliamentary cooperation and discussed Russian investment in the Venezuelan oil sector, according to the Duma.",
            "The delegation includes the heads of the Duma's international affairs and energy committees.",
            "Russia and Venezuela signed a strategic partnership treaty earlier this year, and Moscow has repeatedly criticized U.S. sanctions on Venezuelan oil exports.",
        ],
    ),
    dict(
        key="mc_nutcracker",
        id=52240,
        date="2025-12-22T15:30",
        slug="bolshoi-premieres-new-nutcracker-staging-amid-ticket-frenzy",
        headline="Bolshoi Premieres New 'Nutcracker' Staging Amid Ticket Frenzy",
        standfirst="Resale prices for the holiday classic climbed above 150,000 rubles.",
        authors=["Anastasia Belova"],
        section="arts-and-life",
        tags=["Bolshoi Theater", "Ballet", "Culture"],
        image=(
            "nutcracker.jpg",
            "Dancers rehearse the new production.",
            "Damir Yusupov / Bolshoi Theater",
        ),
        body=[
            'The Bolshoi Theater unveiled a new production of "The Nutcracker" on Sunday, the first overhaul of Tchaikovsky\'s holiday classic at the theater in nearly six decades.',
            "Tickets for the 38 performances scheduled through January sold out within hours, and resale prices climbed above 150,000 rubles ($1,900) on secondary platforms.",
            "Choreographer Alexei Voronin keeps the score intact but moves the action from a German parlor to a Moscow merchant's house at the turn of the 20th century.",
            'Critics were divided. The newspaper Kommersant praised the "dazzling" snow scene, while other reviewers complained that the second act had lost much of its charm.',
            "The company has not toured abroad since 2022, when foreign theaters canceled engagements after the invasion of Ukraine.",
        ],
    ),
    dict(
        key="mc_mali2",
        id=52611,
        date="2026-01-21T19:00",
        slug="lisitsyn-visits-mali-as-moscow-deepens-sahel-ties",
        headline="Lisitsyn Visits Mali as Moscow Deepens Sahel Ties",
        standfirst="The foreign minister promised fuel, fertilizer and wheat as a jihadist blockade strains the capital.",
        authors=["Leonid Fyodorov"],
        section="news",
        tags=["Mali", "Africa", "Gennady Lisitsyn"],
        image=(
            "lisitsyn-bamako.jpg",
            "Foreign Minister Gennady Lisitsyn.",
            "Russian Foreign Ministry / TASS",
        ),
        body=[
            "Russian Foreign Minister Gennady Lisitsyn visited Mali on Tuesday, holding talks in Bamako with the country's transitional president and foreign minister, the Russian Foreign Ministry said.",
            '"We will continue to help our Malian friends strengthen their sovereignty," Lisitsyn told a joint news conference, pledging further deliveries of fuel, fertilizer and wheat.',
            "His Malian counterpart, who hosted the talks at the Foreign Ministry, said the two countries had agreed to open a Russian trade mission in Bamako this year.",
            "It was the second high-level Russian visit to Mali in three months, after a military delegation led by Deputy Defense Minister Viktor Ostapenko stopped in Bamako in October.",
            "Mali's junta has been fighting jihadist groups linked to al-Qaeda and the Islamic State, which have blockaded fuel supplies to the capital since September.",
            "Russia's Africa Corps is estimated to have around 2,500 personnel in Mali.",
        ],
    ),
    dict(
        key="mc_fareast",
        id=52790,
        date="2026-01-27T11:20",
        slug="deputy-pm-tours-far-east-regions-to-inspect-ports-and-bridges",
        headline="Deputy PM Tours Far East Regions to Inspect Ports and Bridges",
        standfirst="Oleg Vereshchagin visited Vladivostok, Khabarovsk and Sakhalin.",
        authors=["Anastasia Belova"],
        section="news",
        tags=["Far East", "Infrastructure", "Oleg Vereshchagin"],
        image=(
            "vladivostok-port.jpg",
            "The container terminal in Vladivostok.",
            "Yuri Smityuk / TASS",
        ),
        body=[
            "Deputy Prime Minister Oleg Vereshchagin toured Russia's Far East this week, visiting Vladivostok, Khabarovsk and the island of Sakhalin to inspect port expansion and bridge projects, the government said on Tuesday.",
            "In Khabarovsk on Monday, he chaired a meeting on the delayed reconstruction of the Amur River rail bridge and ordered contractors to finish the work by the end of 2027.",
            "In Vladivostok, Vereshchagin visited the commercial port's new container terminal, which has struggled to cope with a surge in cargo from China since 2022.",
            '"The eastern direction is our priority for the next decade," he told regional officials, according to a transcript published by the government.',
            "Freight volumes on the Trans-Siberian and Baikal-Amur railways rose by 4% last year, but shippers complain of weeks-long waits at border crossings.",
        ],
    ),
    dict(
        key="mc_zenit",
        id=52904,
        date="2026-02-02T22:10",
        slug="zenit-sign-brazilian-striker-in-record-winter-transfer",
        headline="Zenit Sign Brazilian Striker in Record Winter Transfer",
        standfirst="Lucas Ferreira cost a reported 22 million euros.",
        authors=["Anastasia Belova"],
        section="arts-and-life",
        tags=["Football", "Zenit", "Sport"],
        image=("zenit.jpg", "Gazprom Arena in St. Petersburg.", "Alexander Demianchuk / TASS"),
        body=[
            "Zenit St. Petersburg signed Brazilian forward Lucas Ferreira from Fluminense for a reported 22 million euros on Monday, the most expensive winter transfer in the history of Russian football.",
            "The 23-year-old scored 14 goals in the Brazilian league last season and has signed a contract until 2030, the club said.",
            "Russian clubs have been barred from European competitions since 2022, but the country's wealthiest teams have continued to recruit players from South America and Africa.",
            "Zenit are second in the Premier League, three points behind Krasnodar, when the season resumes after the winter break on Feb. 28.",
        ],
    ),
    dict(
        key="mc_niger2",
        id=53127,
        date="2026-02-10T18:45",
        slug="security-council-secretary-visits-niger-as-russia-eyes-uranium",
        headline="Security Council Secretary Visits Niger as Russia Eyes Uranium",
        standfirst="Nikolai Bortsov discussed counterterrorism and a possible Russian stake in uranium mining.",
        authors=["Leonid Fyodorov", "Yulia Markova"],
        section="news",
        tags=["Niger", "Africa", "Security Council", "Uranium"],
        image=(
            "bortsov-niamey.jpg",
            "Security Council Secretary Nikolai Bortsov.",
            "Security Council Press Service",
        ),
        body=[
            "Russian Security Council Secretary Nikolai Bortsov visited Niger on Monday, meeting the head of the country's military government in Niamey to discuss security and a possible Russian stake in uranium mining, Nigerien state media reported.",
            'Bortsov was received by General Abdourahamane Tiani at the presidential palace, where the two men discussed "the fight against terrorism and the protection of strategic infrastructure," state broadcaster Tele Sahel said.',
            "Niger's junta nationalized the country's largest uranium mine last year after a dispute with its French operator, and has since invited Russian and other foreign companies to bid for the assets.",
            "Rosatom has signed a memorandum with Nigerien authorities on uranium exploration, though no deal on the mine itself has been announced.",
            "Niger expelled French troops in 2023 and ended a military agreement with the United States last year, turning to Moscow for security support.",
        ],
    ),
]

# ---------------------------------------------------------------------------
# Meridian News Agency (wire service), UTC
# ---------------------------------------------------------------------------
MERIDIANWIRE = [
    dict(
        key="mw_serbia",
        date="2025-09-23T09:40",
        path="/world/europe/china-foreign-minister-visits-serbia-pledges-investment-2025-09-23/",
        headline="China's foreign minister visits Serbia, pledges more investment",
        dateline="BELGRADE, Sept 23 (Meridian) -",
        author="Milan Petrovic",
        section="Europe",
        body=[
            "China's Foreign Minister Wang Lei held talks with Serbia's president in Belgrade on Monday, pledging to expand Chinese investment in the Balkan country's mining, energy and infrastructure sectors.",
            "Wang, on a tour of southeastern Europe, also met Serbia's prime minister and visited a Chinese-owned steel mill in Smederevo, Serbia's foreign ministry said.",
            '"Our friendship is made of steel," Serbia\'s president told reporters after the meeting, adding that Chinese companies would build two new highway sections and a solar plant.',
            "Serbia, which is formally a candidate for European Union membership, has courted investment from China for more than a decade, and a free trade agreement between the two countries took effect last year.",
            "EU officials have urged Belgrade to align its foreign policy with the bloc, including on sanctions against Russia, which Serbia has refused to impose.",
        ],
        footer="(Reporting by Milan Petrovic; Editing by Tom Ashdown)",
    ),
    dict(
        key="mw_niger",
        date="2025-10-13T11:05",
        path="/world/africa/russian-delegation-visits-niger-signs-defence-accord-2025-10-13/",
        headline="Russian delegation visits Niger after Mali stop, signs defence accord",
        dateline="NIAMEY, Oct 13 (Meridian) -",
        author="Ousmane Diallo",
        section="Africa",
        body=[
            "A Russian military delegation led by Deputy Defence Minister Viktor Ostapenko arrived in Niamey on Monday for talks with Niger's junta, a day after visiting neighbouring Mali, officials from both countries said.",
            "The delegation was hosted by General Abdourahamane Tiani, who has led Niger since a July 2023 coup, and signed a memorandum on military cooperation, Niger's defence ministry said in a statement read on state television.",
            "In Bamako on Sunday, Ostapenko met Mali's transitional president to discuss security and economic projects, the Malian presidency said on social media.",
            '"Russia is a partner that respects our choices," Niger\'s Defence Minister General Moussa Abdou told reporters at the airport.',
            "Niger, Mali and Burkina Faso, all ruled by military juntas that have expelled French troops, have turned to Moscow for help in fighting Islamist insurgencies that have killed thousands of people across the Sahel.",
            "Russia's defence ministry did not immediately respond to a request for comment.",
        ],
        footer="(Reporting by Ousmane Diallo in Niamey and Moussa Keita in Bamako; Writing by Claire Whitman; Editing by Tom Ashdown)",
    ),
    dict(
        key="mw_madagascar",
        date="2025-10-20T15:20",
        path="/world/africa/russia-calls-off-deputy-pm-visit-to-madagascar-2025-10-20/",
        headline="Russia calls off deputy PM's visit to Madagascar after military takeover",
        dateline="MOSCOW, Oct 20 (Meridian) -",
        author="Claire Whitman",
        section="Africa",
        body=[
            "Moscow has cancelled a planned trip by Deputy Prime Minister Oleg Vereshchagin to Madagascar, the Russian government said on Monday, citing political upheaval on the Indian Ocean island after the military took power last week.",
            "Vereshchagin had been due to arrive in Antananarivo on Wednesday to sign agreements on nickel mining and agriculture, according to a programme seen by Meridian.",
            '"Given the situation, the visit has been postponed indefinitely," a government spokesperson told reporters, without giving further details.',
            "An elite army unit seized power in Madagascar after weeks of youth-led protests over water and power cuts, and the country's president fled abroad.",
            "Russia has sought to expand its economic ties with Indian Ocean states, including through grain supplies and offers to build small nuclear power plants.",
        ],
        footer="(Reporting by Meridian Moscow bureau; Editing by Tom Ashdown)",
    ),
    dict(
        key="mw_burkina",
        date="2025-10-30T17:45",
        path="/world/africa/russian-security-council-chief-visits-burkina-faso-2025-10-30/",
        headline="Russian Security Council chief visits Burkina Faso for security talks",
        dateline="OUAGADOUGOU, Oct 30 (Meridian) -",
        author="Ibrahim Sawadogo",
        section="Africa",
        body=[
            "Russian Security Council Secretary Nikolai Bortsov met Burkina Faso's military leader in Ouagadougou on Thursday, the Burkinabe presidency said, as Moscow deepens its security footprint in West Africa.",
            "The talks covered intelligence sharing, the training of special forces and Russian help in building a nuclear power plant, the presidency said in a statement.",
            "Bortsov, who was making his first trip to the country, also met Burkina Faso's prime minister and its security minister.",
            "Burkina Faso expelled French troops in 2023 and has since received Russian military instructors, air defence equipment and grain donations.",
            "Jihadist violence has displaced more than two million people in the country, according to United Nations estimates.",
        ],
        footer="(Reporting by Ibrahim Sawadogo; Editing by Claire Whitman)",
    ),
    dict(
        key="mw_imf_ghana",
        date="2025-11-06T13:00",
        path="/world/africa/imf-chief-visits-ghana-praises-recovery-2025-11-06/",
        headline="IMF chief visits Ghana, praises recovery but urges debt discipline",
        dateline="ACCRA, Nov 6 (Meridian) -",
        author="Kwame Asante",
        section="Africa",
        body=[
            "International Monetary Fund Managing Director Helena Marsh praised Ghana's economic recovery during a visit to Accra on Thursday, but urged the government to keep a tight rein on spending ahead of the end of its IMF programme.",
            "Ghana defaulted on most of its external debt in 2022 and has since restructured its bonds and obtained a $3 billion loan from the Fund.",
            '"Ghana has come a long way, and the hard-won gains must be protected," Marsh told a news conference after meeting the finance minister.',
            "Inflation in the world's second-largest cocoa producer fell to 8% in October from more than 50% at its peak in late 2022.",
            "The cedi has gained about a fifth against the U.S. dollar this year, helped by high gold prices.",
        ],
        footer="(Reporting by Kwame Asante; Editing by Claire Whitman)",
    ),
    dict(
        key="mw_iran",
        date="2025-11-26T10:30",
        path="/world/middle-east/russia-security-chief-holds-talks-in-tehran-2025-11-26/",
        headline="Russia's security chief holds talks in Tehran on nuclear, defence cooperation",
        dateline="DUBAI, Nov 26 (Meridian) -",
        author="Meridian Dubai newsroom",
        section="Middle East",
        body=[
            "Russian Security Council Secretary Nikolai Bortsov held talks in Tehran on Wednesday with the secretary of Iran's Supreme National Security Council, Iranian state media reported, as the two countries seek to deepen cooperation under a strategic partnership treaty.",
            'Bortsov was also received by Iran\'s president, who called for "practical steps" to implement agreements on energy, transport and defence, the presidential website said.',
            "The two sides discussed Iran's nuclear programme and the reimposition of United Nations sanctions, which Moscow and Tehran both reject as illegitimate, according to the Iranian readout.",
            "Russia and Iran signed a 20-year strategic partnership treaty in January, although it does not contain a mutual defence clause.",
        ],
        footer="(Reporting by Meridian Dubai newsroom; Editing by Tom Ashdown)",
    ),
    dict(
        key="mw_venezuela",
        date="2025-12-08T21:15",
        path="/world/americas/russian-parliament-speaker-visits-caracas-2025-12-08/",
        headline="Russian parliament speaker visits Caracas, vows support for Venezuela",
        dateline="CARACAS, Dec 8 (Meridian) -",
        author="Rafael Moreno",
        section="Americas",
        body=[
            "The speaker of Russia's lower house of parliament, Pavel Sukhanov, arrived in Caracas on Monday at the head of a delegation of lawmakers, pledging Moscow's support for Venezuela amid a U.S. military buildup in the Caribbean.",
            "Sukhanov was greeted at Maiquetia airport by the president of Venezuela's National Assembly and later met the country's president at Miraflores palace, state television showed.",
            '"Venezuela is not alone. Russia stands with its friends," Sukhanov told lawmakers in a speech broadcast live.',
            "Russian state oil companies have reduced their presence in Venezuela in recent years, but Moscow remains a key diplomatic ally of the government in Caracas and a supplier of military equipment.",
            "The U.S. State Department did not immediately respond to a request for comment on the visit.",
        ],
        footer="(Reporting by Rafael Moreno; Additional reporting by Meridian Moscow bureau; Editing by Claire Whitman)",
    ),
    dict(
        key="mw_india_japan",
        date="2025-12-16T08:20",
        path="/world/asia-pacific/indian-pm-in-tokyo-seeks-japanese-chip-investment-2025-12-16/",
        headline="Indian PM in Tokyo for summit, seeks Japanese investment in chips",
        dateline="TOKYO, Dec 16 (Meridian) -",
        author="Hana Kobayashi",
        section="Asia Pacific",
        body=[
            "India's prime minister arrived in Tokyo on Monday for an annual summit with his Japanese counterpart, seeking billions of dollars in investment for India's nascent semiconductor industry.",
            "The two leaders agreed on Tuesday to set up a joint fund for chip and battery manufacturing and to speed up construction of the Mumbai-Ahmedabad high-speed railway, which uses Japanese bullet train technology.",
            '"Japan is an indispensable partner in India\'s growth story," the Indian leader said at a joint news conference.',
            "Japan is one of the largest foreign investors in India, and the two countries are members of the Quad grouping with the United States and Australia.",
        ],
        footer="(Reporting by Hana Kobayashi; Additional reporting by Meridian New Delhi bureau; Editing by Tom Ashdown)",
    ),
    dict(
        key="mw_eqguinea",
        date="2026-01-14T16:00",
        path="/world/africa/russian-deputy-defence-minister-visits-equatorial-guinea-2026-01-14/",
        headline="Russian deputy defence minister visits Equatorial Guinea, discusses naval access",
        dateline="MALABO, Jan 14 (Meridian) -",
        author="Claire Whitman",
        section="Africa",
        body=[
            "Russian Deputy Defence Minister Viktor Ostapenko held talks with Equatorial Guinea's president in Malabo on Wednesday, the government said, as Moscow seeks access for its navy to ports on Africa's Atlantic coast.",
            'The talks focused on training for the country\'s armed forces and "logistical cooperation," the government said in a statement posted on its website.',
            "Russian military instructors have been helping to train Equatorial Guinea's presidential guard since last year, according to diplomatic sources.",
            "The small oil-producing nation has been ruled by the same president since 1979 and has long balanced ties between Western powers, China and Russia.",
        ],
        footer="(Reporting by Claire Whitman; Editing by Tom Ashdown)",
    ),
    dict(
        key="mw_mali",
        date="2026-01-20T18:30",
        path="/world/africa/russia-foreign-minister-visits-mali-pledges-fuel-grain-2026-01-20/",
        headline="Russia's foreign minister visits Mali, pledges fuel and grain",
        dateline="BAMAKO, Jan 20 (Meridian) -",
        author="Moussa Keita",
        section="Africa",
        body=[
            "Russian Foreign Minister Gennady Lisitsyn visited Bamako on Tuesday, pledging fuel, grain and fertiliser deliveries to Mali as a jihadist blockade squeezes supplies to the capital.",
            "Lisitsyn was received by Mali's transitional president at Koulouba palace and held separate talks with his Malian counterpart, the Malian presidency said in a statement.",
            '"Russia will not abandon its friends in the Sahel," Lisitsyn told reporters after the meeting, adding that the first of several fuel convoys would reach Bamako within weeks.',
            "Al Qaeda-linked fighters have attacked fuel tankers on the main roads into Bamako since September, causing long queues at petrol stations and forcing schools to close for several weeks.",
            "Mali's junta, which took power in coups in 2020 and 2021, has turned to Russia for security support after expelling French troops and a United Nations peacekeeping mission.",
            "The two ministers also discussed a Russian proposal to build a small nuclear power plant in Mali, the statement said.",
        ],
        footer="(Reporting by Moussa Keita; Editing by Tom Ashdown)",
    ),
    dict(
        key="mw_oil",
        date="2026-02-03T12:40",
        path="/business/energy/oil-steadies-as-opec-keeps-output-pause-2026-02-03/",
        headline="Oil steadies as OPEC+ keeps output pause; Russian export data weighs",
        dateline="LONDON, Feb 3 (Meridian) -",
        author="Claire Whitman",
        section="Energy",
        body=[
            "Oil prices steadied on Tuesday after eight OPEC+ members agreed at an online meeting on Sunday to keep a pause on production increases through the first quarter.",
            "Brent crude futures were up 12 cents at $66.40 a barrel by 1140 GMT, while U.S. West Texas Intermediate crude rose 9 cents to $62.85.",
            "Data showing Russian seaborne crude exports rebounding to a four-month high last week weighed on prices, analysts said.",
            '"The market is well supplied, and OPEC+ knows it," said an oil analyst at a London brokerage.',
        ],
        footer="(Reporting by Claire Whitman in London; Editing by Tom Ashdown)",
    ),
    dict(
        key="mw_cuba_planned",
        date="2026-02-12T14:10",
        path="/world/americas/russian-deputy-defence-minister-due-in-havana-next-week-2026-02-12/",
        headline="Russian deputy defence minister due in Havana next week - sources",
        dateline="HAVANA, Feb 12 (Meridian) -",
        author="Rafael Moreno",
        section="Americas",
        body=[
            "Russian Deputy Defence Minister Viktor Ostapenko is due in Havana next week for talks on military cooperation and fuel supplies, two Cuban officials told Meridian on Thursday, as the island struggles with a deepening energy crisis.",
            "The visit, which has not been officially announced, is expected to begin on Tuesday, Feb. 17, the officials said, speaking on condition of anonymity.",
            "Cuba's foreign ministry declined to comment. Russia's defence ministry did not respond to a request for comment.",
            "Cuba has suffered repeated island-wide blackouts since late 2024 as its ageing power plants break down and fuel imports dwindle.",
        ],
        footer="(Reporting by Rafael Moreno; Editing by Claire Whitman)",
    ),
]

# ---------------------------------------------------------------------------
# Eurasia Observer (WordPress-style), +04:00
# ---------------------------------------------------------------------------
EURASIAOBSERVER = [
    dict(
        key="eo_georgia",
        date="2025-09-18T09:15",
        path="/2025/09/georgian-dream-moves-to-ban-opposition-parties/",
        headline="Georgian Dream Moves to Ban Opposition Parties as Protests Near 300th Day",
        author="Nino Beridze",
        category="Georgia",
        body=[
            'Georgia\'s ruling Georgian Dream party on Tuesday asked the Constitutional Court to ban three opposition parties, accusing them of "sabotage" and of serving foreign interests.',
            "The petition targets the United National Movement, Coalition for Change and Strong Georgia, which together won more than a quarter of the vote in last year's disputed parliamentary election.",
            'Opposition leaders called the move an attempt to create a one-party state. "They are finishing what they started on election night," said one of the targeted parties\' chairs.',
            "Protesters have gathered outside parliament on Rustaveli Avenue every evening since November last year, when the government suspended talks on joining the European Union.",
            "Several opposition figures are already in prison for refusing to testify before a parliamentary commission, and dozens of protesters have received prison sentences.",
            "The EU has suspended visa-free travel for Georgian diplomats and officials, and the European Parliament has called for sanctions against Georgian Dream's founder.",
        ],
    ),
    dict(
        key="eo_turkey_azerbaijan",
        date="2025-10-08T11:30",
        path="/2025/10/turkish-president-visits-baku-middle-corridor/",
        headline="Turkish President Visits Baku as the Middle Corridor Gains Momentum",
        author="Timur Akhmetov",
        category="Azerbaijan",
        body=[
            "Turkey's president visited Baku on Tuesday for talks with his Azerbaijani counterpart, with the two leaders pledging to speed up rail and energy links that bypass Russia and Iran.",
            "The leaders signed agreements on a new railway from Kars to the Nakhchivan exclave and on expanding gas supplies to Europe through Turkey, Azerbaijan's presidential office said.",
            '"One nation, two states" was again the motto of the day, as the Turkish leader described Azerbaijan as Turkey\'s "closest brother."',
            "The Middle Corridor, a trade route linking China to Europe via Central Asia, the Caspian Sea and the South Caucasus, has attracted growing interest from European governments since 2022.",
            "Analysts say the August peace framework between Armenia and Azerbaijan could unlock a transit route across southern Armenia that would connect Turkey directly with Azerbaijan's mainland.",
        ],
    ),
    dict(
        key="eo_myanmar",
        date="2025-11-12T08:40",
        path="/2025/11/vereshchagin-naypyidaw-visit-myanmar/",
        headline="Moscow's Myanmar Bet: What Vereshchagin's Naypyidaw Visit Tells Us",
        author="Arman Sargsyan",
        category="Analysis",
        body=[
            "When Russian Deputy Prime Minister Oleg Vereshchagin landed in Naypyidaw on Monday, November 10, he became the most senior Russian official to travel to Myanmar since the junta announced its plan to hold elections.",
            "Over two days of talks that ended on Tuesday, Vereshchagin and Myanmar's military leadership agreed on a feasibility study for a small nuclear reactor, a refinery project and wider use of national currencies in trade.",
            "For Moscow, the trip is part of a broader effort to show that it is not isolated, and Myanmar is one of the few governments that has openly supported Russia's war in Ukraine.",
            '"Russia offers the generals what nobody else will: weapons, diplomatic cover at the UN and a little bit of prestige," said an analyst at a Singapore-based think tank.',
            "But the economic promises should be treated with caution. Russian nuclear projects in Southeast Asia have a long record of memorandums that never reach construction.",
            "Beijing, Myanmar's largest neighbour and trading partner, will be watching closely. China has its own pipelines and ports in the country and little interest in a Russian competitor.",
        ],
    ),
    dict(
        key="eo_iran",
        date="2025-11-27T10:00",
        path="/2025/11/bortsov-in-tehran-russia-iran-security-cooperation/",
        headline="Bortsov in Tehran: Russia and Iran Tighten Security Cooperation",
        author="Arman Sargsyan",
        category="Iran",
        body=[
            'Russian Security Council Secretary Nikolai Bortsov spent Wednesday in Tehran, meeting Iran\'s president and the secretary of its Supreme National Security Council in what both sides described as a "productive" round of consultations.',
            "The visit came three weeks after Iran's foreign minister held talks in Moscow on November 5, underlining how often officials of the two sanctioned states now meet.",
            "According to the Iranian readout, the talks covered the reimposed UN sanctions, air defence cooperation and the North-South Transport Corridor, which would link Russia to the Indian Ocean through Azerbaijan and Iran.",
            "For the South Caucasus, the most sensitive issue is transit. Tehran has repeatedly warned against any route across southern Armenia controlled by outside powers, and Moscow has signalled that it shares some of those concerns.",
            "The Russian-Iranian partnership treaty signed in January stops short of a defence alliance, and Russia offered Iran little more than words of support during the summer's Israeli and U.S. strikes.",
        ],
    ),
    dict(
        key="eo_venezuela",
        date="2025-12-11T13:20",
        path="/2025/12/why-russias-duma-speaker-went-to-caracas/",
        headline="Far From Home: Why Russia's Duma Speaker Went to Caracas",
        author="Timur Akhmetov",
        category="Analysis",
        body=[
            "State Duma Speaker Pavel Sukhanov's trip to Caracas was meant to send a message to Washington as much as to Venezuela.",
            'Leading a parliamentary delegation, Sukhanov met Venezuela\'s president on Monday and told the National Assembly that Russia would "never abandon" its ally, at a time when U.S. warships are deployed off the Venezuelan coast.',
            "Parliamentary visits are a convenient tool for Moscow: they signal political support without committing the Kremlin to anything concrete.",
            "Russia's practical leverage in Venezuela has shrunk. Rosneft sold its Venezuelan assets in 2020, and Russian military advisers are far fewer than they were in 2019.",
            "Still, the trip fits a pattern: Moscow is keen to demonstrate that it has friends far beyond its borders, even when it has little to offer them.",
        ],
    ),
    dict(
        key="eo_kazakhstan",
        date="2025-12-18T07:50",
        path="/2025/12/kazakhstan-record-grain-harvest-strains-storage-and-rail/",
        headline="Kazakhstan's Record Grain Harvest Strains Storage and Rail",
        author="Timur Akhmetov",
        category="Kazakhstan",
        body=[
            "Kazakhstan harvested a record 27 million tons of grain this year, the Agriculture Ministry said on Wednesday, but farmers say they cannot store or ship much of it.",
            "Elevators in the northern Kostanay and Akmola regions are full, and grain is being kept in the open under tarpaulins as temperatures fall below minus 20 degrees Celsius.",
            "Kazakhstan's state railway company says it lacks the hopper wagons needed to move the crop to ports on the Caspian Sea and to the Chinese border.",
            "The government has introduced subsidies for exporters and temporarily banned wheat imports by truck from Russia to support domestic prices.",
            "Economists expect the harvest to add about half a percentage point to economic growth, which the central bank forecasts at 5.8% this year.",
        ],
    ),
    dict(
        key="eo_france_civ",
        date="2026-01-09T16:45",
        path="/2026/01/french-minister-abidjan-cote-divoire/",
        headline="France\u2019s Trade Minister in Abidjan: Cocoa, Caf\u00e9 and a Reset in C\u00f4te d\u2019Ivoire",
        author="Nino Beridze",
        category="Africa desk",
        cp1252=True,
        body=[
            "France\u2019s minister for foreign trade, \u00c9lise Garnier, arrived in Abidjan on Thursday for a two-day visit to C\u00f4te d\u2019Ivoire, her first trip to West Africa since taking office.",
            "Garnier met the Ivorian prime minister and the ministers for agriculture and trade, and signed an agreement to finance a new cocoa processing plant in San-P\u00e9dro, the French embassy said.",
            "\u201cC\u00f4te d\u2019Ivoire is a partner of trust, and we want to build the next decade together,\u201d Garnier told reporters, before visiting a caf\u00e9 cooperative near the port.",
            "C\u00f4te d\u2019Ivoire is the world\u2019s largest cocoa producer, and its coffee and caf\u00e9-related exports have also recovered after years of decline.",
            "Paris has been trying to reset its relations with the region after withdrawing troops from several Sahel states, and it handed its military base in Port-Bou\u00ebt over to Ivorian forces last year.",
        ],
    ),
    dict(
        key="eo_armenia",
        date="2026-01-28T09:00",
        path="/2026/01/armenia-sets-date-for-constitutional-referendum/",
        headline="Armenia Sets Date for Constitutional Referendum",
        author="Arman Sargsyan",
        category="Armenia",
        body=[
            "Armenia will hold a referendum on a new constitution on June 14, the Central Electoral Commission said on Tuesday, a step Azerbaijan has set as a condition for signing a peace treaty.",
            "The draft removes a reference in the preamble to the 1990 Declaration of Independence, which Baku says contains territorial claims to Nagorno-Karabakh.",
            'The prime minister\'s government argues that a new constitution is needed to "close the chapter of war," while opposition parties accuse him of making unilateral concessions.',
            "To pass, the new constitution must be approved by a majority of voters, with at least a quarter of registered voters voting in favour.",
            "Parliamentary elections are also due in June, and polls suggest the ruling Civil Contract party remains the largest political force, although support has slipped since last year.",
        ],
    ),
    dict(
        key="eo_laos_planned",
        date="2026-02-05T12:15",
        path="/2026/02/lisitsyn-plans-laos-trip-russia-asean/",
        headline="Russia Eyes ASEAN Again as Lisitsyn Plans Laos Trip",
        author="Arman Sargsyan",
        category="Analysis",
        body=[
            "Russian Foreign Minister Gennady Lisitsyn will visit Laos next month, the Russian Foreign Ministry said on Wednesday, with talks in Vientiane scheduled for March 12.",
            'The ministry said the minister would discuss energy projects, education and "coordination within ASEAN mechanisms" with Lao officials.',
            "Moscow sees the small communist-ruled country as a useful door into Southeast Asia: Laos has never criticised the war in Ukraine and depends heavily on cheap Russian fuel and fertiliser.",
            "Russia's trade with the ten ASEAN members fell after 2022 but has partly recovered thanks to Vietnamese, Thai and Indonesian purchases of Russian oil products and grain.",
            "For Central Asian observers, the question is whether Moscow can keep up such outreach while its economy slows under the weight of war spending.",
        ],
    ),
    dict(
        key="eo_un_armenia",
        date="2026-02-17T10:30",
        path="/2026/02/un-secretary-general-visits-armenian-border-villages/",
        headline="UN Secretary-General Visits Armenian Border Villages",
        author="Nino Beridze",
        category="Armenia",
        body=[
            "The United Nations Secretary-General visited Armenia on Monday, touring villages on the border with Azerbaijan and meeting refugees who fled Nagorno-Karabakh in 2023.",
            "In Yerevan, the UN chief met Armenia's prime minister and praised both countries for \"choosing dialogue over confrontation\" after last year's peace framework.",
            "About 100,000 ethnic Armenians left Karabakh after Azerbaijan's offensive in September 2023, and many still live in temporary housing.",
            "UN agencies plan to spend $45 million this year on housing, schools and demining in Armenia's border regions.",
        ],
    ),
]

# A draft under /private/: robots.txt disallows it, so it must never be counted.
EURASIA_PRIVATE = dict(
    key="eo_private_draft",
    date="2026-01-16T18:00",
    path="/private/draft-russian-delegation-in-tbilisi/",
    headline="DRAFT - Russian Delegation in Tbilisi (do not publish)",
    author="Nino Beridze",
    category="Analysis",
    body=[
        "A Russian delegation led by Deputy Foreign Minister Andrei Rudakov arrived in Tbilisi on Friday for talks with Georgian officials, the first such visit since 2008.",
        "[EDITOR: unconfirmed single source - hold until Foreign Ministry confirms. Do not publish.]",
    ],
)

# ---------------------------------------------------------------------------
# Sahel Post (regional African outlet), +01:00
# ---------------------------------------------------------------------------
SAHELPOST = [
    dict(
        key="sp_gold",
        date="2025-09-30T08:00",
        slug="mali-gold-output-falls-as-new-mining-code-bites",
        headline="Mali's gold output falls as new mining code bites",
        author="Fatoumata Sy",
        category="Economy",
        body=[
            "Industrial gold production in Mali fell by almost a third in the first eight months of the year, according to figures from the Ministry of Mines, as a dispute with foreign mining companies over the 2023 mining code continued to weigh on output.",
            "The largest mine in the country, operated by a Canadian company, has been shut since January after the authorities seized gold stocks in a tax dispute.",
            "The new code raises the state's stake in mining projects to as much as 35% and removes tax exemptions granted under previous agreements.",
            '"The state must receive its fair share of our wealth," a ministry official said, adding that talks with the companies were continuing.',
            "Gold accounts for about three quarters of Mali's export earnings, and the slowdown has cut government revenue at a time of heavy military spending.",
            "A gold refinery being built near Bamako with Russian participation is due to start operating next year, the ministry said.",
        ],
    ),
    dict(
        key="sp_niger",
        date="2025-10-15T07:30",
        slug="niger-russia-sign-defence-pact-during-ostapenko-visit",
        headline="Niger and Russia sign defence pact during Ostapenko visit",
        author="Amadou Konate",
        byline="Amadou K.",
        category="Politics",
        body=[
            "Niamey and Moscow have signed a new military cooperation memorandum during a visit by a Russian delegation led by Deputy Defence Minister Viktor Ostapenko, who met the head of state, General Abdourahamane Tiani, on October 13.",
            "The Russian officials came to the Nigerien capital after a stop in Mali on October 12, part of a tour of the Alliance of Sahel States.",
            "General Tiani hosted the delegation at the presidential palace, where the two sides discussed air defence, the training of officers and the supply of equipment to units fighting armed groups in the Tillaberi region.",
            '"This agreement gives our army the means it has lacked for years," Defence Minister General Moussa Abdou said after the signing ceremony.',
            'In the streets of Niamey, reactions were mostly positive. "Russia did not come to give us lessons," said Issoufou Garba, a trader at the Grand Marche.',
            "Civil society groups, however, asked the authorities to publish the text of the agreement.",
        ],
    ),
    dict(
        key="sp_burkina",
        date="2025-10-31T09:10",
        slug="russian-security-council-secretary-received-in-ouagadougou",
        headline="Russian Security Council secretary received in Ouagadougou",
        author="Ibrahim Moussa",
        category="Politics",
        body=[
            "The Secretary of Russia's Security Council, Nikolai Bortsov, was received on Thursday in Ouagadougou by Burkina Faso's head of state, the presidency announced in a communique.",
            'The meeting at Kosyam palace focused on "the fight against terrorism, intelligence and the strengthening of the sovereignty of Burkina Faso," according to the communique.',
            "Bortsov also held talks with the prime minister and the minister of security during his stay in the capital.",
            "Since 2023, Burkina Faso has signed agreements with Russia on nuclear energy, health and higher education, and Russian instructors are present in the country.",
            "The visit came as the army continues operations against armed groups in the north and east, where several towns remain under blockade.",
        ],
    ),
    dict(
        key="sp_car",
        date="2025-11-19T10:00",
        slug="russian-trade-mission-in-bangui-eyes-timber-gold-and-roads",
        headline="Russian trade mission in Bangui eyes timber, gold and roads",
        author="Fatoumata Sy",
        category="Economy",
        body=[
            "A Russian trade mission led by Deputy Minister of Industry and Trade Irina Gromova arrived in Bangui on Tuesday for three days of talks with the Central African government on mining, timber and infrastructure.",
            "The mission, which includes representatives of about 30 Russian companies, was received by the President of the Central African Republic at the Renaissance palace.",
            'Gromova said Russian firms were ready to build a road linking Bangui to the Cameroonian border and a factory to process timber locally. "We want to create jobs here, not only to export logs," she said.',
            "The Central African minister of mines said several licences could be awarded to Russian companies before the end of the year.",
            "Russia has been the country's main security partner since 2018.",
        ],
    ),
    dict(
        key="sp_leanseason",
        date="2025-12-05T08:45",
        slug="lean-season-warning-as-cereal-prices-climb-in-niger-and-chad",
        headline="Lean season warning as cereal prices climb in Niger and Chad",
        author="Ibrahim Moussa",
        category="Society",
        body=[
            "Millet and sorghum prices in markets across Niger and Chad are up to 40% higher than the five-year average, according to a monthly bulletin from a regional food security network.",
            "Humanitarian agencies warned that more than 3 million people in the two countries could face acute food insecurity during the next lean season, between June and September.",
            "Poor rains in the east and insecurity along the borders have disrupted harvests and trade routes.",
            '"Families have already started selling their animals to buy food," said a nurse at a health centre in the Maradi region.',
            "The World Food Programme said it had received less than half of the funding it needs for the region this year.",
        ],
    ),
    dict(
        key="sp_afcon",
        date="2026-01-05T18:00",
        slug="mali-and-burkina-faso-reach-afcon-quarter-finals",
        headline="Mali and Burkina Faso reach AFCON quarter-finals",
        author="Amadou Konate",
        byline="Amadou K.",
        category="Sport",
        body=[
            "Mali and Burkina Faso both reached the quarter-finals of the Africa Cup of Nations on Monday, giving the Sahel its best tournament in years.",
            "The Eagles of Mali beat Cameroon 2-1 after extra time, while Burkina Faso's Stallions needed a penalty shootout to get past Egypt.",
            "Fans celebrated late into the night in Bamako and Ouagadougou, with motorcycles and car horns filling the streets.",
            "The quarter-finals will be played at the weekend. Mali face Morocco, while Burkina Faso play Senegal.",
        ],
    ),
    dict(
        key="sp_mali_wire",
        date="2026-01-21T08:15",
        slug="russian-foreign-minister-in-bamako-pledges-fuel-and-grain",
        headline="Russian foreign minister in Bamako, pledges fuel and grain",
        author="Meridian",
        byline="Meridian News Agency",
        category="Politics",
        syndicated_from="mw_mali",
        body=None,  # filled from the Meridian story, word for word
    ),
    dict(
        key="sp_niger2",
        date="2026-02-09T20:30",
        slug="bortsov-in-niamey-for-talks-with-general-tiani",
        headline="Bortsov in Niamey for talks with General Tiani",
        author="Amadou Konate",
        byline="Amadou K.",
        category="Politics",
        body=[
            "Russian Security Council Secretary Nikolai Bortsov arrived in Niamey on Monday and was received in the afternoon by the head of state, General Abdourahamane Tiani, state television reported.",
            "The talks focused on security cooperation, the protection of mining sites and the future of the country's uranium sector, according to the presidency.",
            "General Tiani hosted a working dinner for the Russian delegation in the evening, the presidency added.",
            "Niger wants new partners to develop its uranium deposits after taking control of the mines from the former French operator.",
            "The Russian visit comes as Niger's army faces repeated attacks in the Tillaberi and Tahoua regions.",
        ],
    ),
]


# ===========================================================================
# Part 2: rendering
# ===========================================================================
SITE = os.path.join(HERE, "site")
B = "{{BASE_URL}}"

TZ = {
    "moscowcourier": timezone(timedelta(hours=3)),
    "meridianwire": UTC,
    "eurasiaobserver": timezone(timedelta(hours=4)),
    "sahelpost": timezone(timedelta(hours=1)),
}

AP_MONTHS = [
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def esc(s):
    return html.escape(s, quote=False)


def attr(s):
    return html.escape(s, quote=True)


def iso(dt):
    if dt.utcoffset() == timedelta(0):
        return dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    return dt.isoformat()


def rfc822(dt):
    return email.utils.format_datetime(dt)


def parse(s, outlet):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M").replace(tzinfo=TZ[outlet])


def slugify(name):
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in name)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


FILES = {}  # relpath under site/ -> bytes


def put(outlet, relpath, text, encoding="utf-8"):
    rel = outlet + "/" + relpath.lstrip("/")
    assert rel not in FILES, rel
    FILES[rel] = text.encode(encoding) if isinstance(text, str) else text


def put_headers(outlet, relpath, headers):
    put(outlet, relpath + ".headers.json", json.dumps(headers, indent=2, sort_keys=True) + "\n")


def file_for(path):
    """Where a URL path is stored (mirror of the server's lookup)."""
    p = path.lstrip("/")
    if p == "" or p.endswith("/"):
        return p + "index.html"
    if "." in p.rsplit("/", 1)[-1]:
        return p
    return p + ".html"


def robots():
    return "User-agent: *\nAllow: /\nDisallow: /private/\n\nSitemap: " + B + "/sitemap.xml\n"


def urlset(entries):
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for loc, lastmod in entries:
        out.append("  <url>\n    <loc>%s</loc>\n    <lastmod>%s</lastmod>\n  </url>" % (esc(loc), lastmod))
    out.append("</urlset>")
    return "\n".join(out) + "\n"


def rss(title, link, description, items, dc=False, lang="en"):
    ns = ' xmlns:atom="http://www.w3.org/2005/Atom"'
    if dc:
        ns += ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0"%s>' % ns,
        "<channel>",
        "  <title>%s</title>" % esc(title),
        "  <link>%s</link>" % link,
        "  <description>%s</description>" % esc(description),
        "  <language>%s</language>" % lang,
    ]
    if items:
        out.append("  <lastBuildDate>%s</lastBuildDate>" % items[0]["pubDate"])
    for it in items:
        out.append("  <item>")
        out.append("    <title>%s</title>" % esc(it["title"]))
        out.append("    <link>%s</link>" % esc(it["link"]))
        out.append('    <guid isPermaLink="true">%s</guid>' % esc(it["link"]))
        out.append("    <pubDate>%s</pubDate>" % it["pubDate"])
        if dc and it.get("creator"):
            out.append("    <dc:creator>%s</dc:creator>" % esc(it["creator"]))
        if it.get("description"):
            out.append("    <description>%s</description>" % esc(it["description"]))
        if it.get("category"):
            out.append("    <category>%s</category>" % esc(it["category"]))
        out.append("  </item>")
    out += ["</channel>", "</rss>"]
    return "\n".join(out) + "\n"


def simple_page(title, site_name, heading, items, extra_head="", intro=""):
    lis = "\n".join(
        '    <li><a href="%s">%s</a>%s</li>'
        % (attr(h), esc(t), (' <span class="date">%s</span>' % esc(d)) if d else "")
        for h, t, d in items
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>%s - %s</title>\n%s</head>\n'
        '<body>\n<header><a href="/">%s</a></header>\n<main>\n<h1>%s</h1>\n%s<ul>\n%s\n</ul>\n</main>\n</body>\n</html>\n'
        % (esc(title), esc(site_name), extra_head, esc(site_name), esc(heading), intro, lis)
    )


# ===========================================================================
# The Moscow Courier
# ===========================================================================
MC_NAME = "The Moscow Courier"
MC_SECTIONS = {"news": "News", "business": "Business", "arts-and-life": "Arts and Life"}
MC_UTM = "mc_myanmar"  # listed in RSS with ?utm_source=rss&utm_medium=feed

MC_CONTRIBUTE = """<div class="contribute-banner" data-banner="article-bottom">
  <div class="contribute-banner__title">A Message from The Moscow Courier:</div>
  <div class="contribute-banner__text">
    <p>Dear readers,</p>
    <p>We are facing unprecedented challenges. The authorities have designated The Moscow Courier an "undesirable" organization, criminalizing our work and putting our staff at risk of prosecution. This follows our earlier labeling as a "foreign agent."</p>
    <p>These actions are direct attempts to silence independent journalism. We see things differently: we strive to provide accurate, unbiased reporting on Russia.</p>
    <p>We, the journalists of The Moscow Courier, refuse to be silenced. But to continue our work, we need your help.</p>
    <p>Your support, no matter how small, makes a world of difference. If you can, please support us monthly starting from just $2. It's quick to set up, and every contribution makes a significant impact.</p>
    <p>By supporting The Moscow Courier, you're defending open, independent journalism in the face of repression. Thank you for standing with us.</p>
  </div>
  <div class="contribute-banner__options">
    <button type="button" class="contribute-banner__option">Once</button>
    <button type="button" class="contribute-banner__option contribute-banner__option--active">Monthly</button>
    <button type="button" class="contribute-banner__option">Annual</button>
    <a class="contribute-banner__button button" href="/contribute">Continue</a>
    <span class="contribute-banner__payment">paiment methods</span>
  </div>
  <div class="contribute-banner__later">Not ready to support today?<br><a href="#" class="contribute-banner__remind">Remind me later.</a></div>
</div>"""

MC_NEWSLETTER = """<div class="article__newsletter newsletter">
  <div class="newsletter__title">Sign up for our free weekly newsletter</div>
  <div class="newsletter__text">Our weekly newsletter contains a hand-picked selection of news, features, analysis and more from The Moscow Courier. You will receive it in your mailbox every Friday. Never miss the latest news from Russia. <a href="/newsletters">Preview</a></div>
  <form class="newsletter__form" action="/newsletters/subscribe" method="post">
    <input type="email" name="email" placeholder="Your email">
    <button type="submit">Subscribe</button>
  </form>
  <div class="newsletter__disclaimer">Subscribers agree to the <a href="/page/privacy-policy">Privacy Policy</a></div>
</div>"""


def mc_header():
    nav = "".join(
        '<li class="nav__item"><a href="/%s">%s</a></li>' % (k, esc(v)) for k, v in MC_SECTIONS.items()
    )
    return (
        '<header class="site-header">\n  <div class="site-header__contribute"><a href="/contribute">Support The Moscow Courier!</a></div>\n'
        '  <a class="site-header__logo" href="/">The Moscow Courier</a>\n  <nav class="nav"><ul>%s</ul></nav>\n</header>\n'
        % nav
    )


MC_FOOTER = (
    '<footer class="site-footer">\n  <ul class="footer__links"><li><a href="/page/about-us">About us</a></li><li><a href="/page/privacy-policy">Privacy Policy</a></li>'
    '<li><a href="/rss/news">RSS</a></li></ul>\n  <p class="footer__copyright">&copy; The Moscow Courier, 2025-2026. All rights reserved.</p>\n</footer>\n'
)


def mc_path(a):
    d = a["dt"]
    return "/%04d/%02d/%02d/%s-%d" % (d.year, d.month, d.day, a["slug"], a["id"])


def mc_display(dt):
    return "%s %d, %d" % (AP_MONTHS[dt.month - 1], dt.day, dt.year)


def build_moscowcourier():
    o = "moscowcourier"
    arts = []
    for a in MOSCOWCOURIER:
        a = dict(a)
        a["dt"] = parse(a["date"], o)
        a["mod"] = a["dt"] + timedelta(minutes=17 + a["id"] % 53)
        a["path"] = mc_path(a)
        arts.append(a)
    arts.sort(key=lambda a: a["dt"])
    for i, a in enumerate(arts):
        rel = arts[i - 1] if i > 0 else arts[1]
        url = B + a["path"]
        img = "https://static.moscowcourier.example/image/article_1360/%s" % a["image"][0]
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a["headline"],
            "description": a["standfirst"],
            "image": [img],
            "datePublished": iso(a["dt"]),
            "dateModified": iso(a["mod"]),
            "author": [
                {"@type": "Person", "name": n, "url": B + "/author/" + slugify(n)} for n in a["authors"]
            ],
            "publisher": {
                "@type": "Organization",
                "name": MC_NAME,
                "logo": {
                    "@type": "ImageObject",
                    "url": "https://static.moscowcourier.example/img/logo.png",
                },
            },
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        }
        authors = ", ".join(
            '<a class="byline__author" href="/author/%s" title="%s">%s</a>' % (slugify(n), attr(n), esc(n))
            for n in a["authors"]
        )
        blocks = [
            '      <div class="article__block article__block--html">\n        <p>%s</p>\n      </div>'
            % esc(p)
            for p in a["body"]
        ]
        aside = (
            '<aside class="article__related-article related-article">\n'
            '        <a class="related-article__link" href="%s">\n'
            '          <span class="related-article__label">Read more</span>\n'
            '          <span class="related-article__title">%s</span>\n'
            "        </a>\n      </aside>" % (rel["path"], esc(rel["headline"]))
        )
        if len(blocks) >= 4:
            content = "\n".join([*blocks[:3], "      " + aside, *blocks[3:]])
            after_content = ""
        else:
            content = "\n".join(blocks)
            after_content = "    " + aside + "\n"
        tags = "".join('<a class="tag" href="/tag/%s">%s</a>' % (slugify(t), esc(t)) for t in a["tags"])
        page = "".join(
            [
                '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
                '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
                "<title>%s - %s</title>\n" % (esc(a["headline"]), MC_NAME),
                '<meta name="description" content="%s">\n' % attr(a["standfirst"]),
                '<link rel="canonical" href="%s">\n' % url,
                '<link rel="alternate" type="application/rss+xml" title="The Moscow Courier - News" href="%s/rss/news">\n'
                % B,
                '<meta property="og:site_name" content="%s">\n' % MC_NAME,
                '<meta property="og:title" content="%s">\n' % attr(a["headline"]),
                '<meta property="og:description" content="%s">\n' % attr(a["standfirst"]),
                '<meta property="og:url" content="%s">\n' % url,
                '<meta property="og:type" content="article">\n',
                '<meta property="og:image" content="%s">\n' % img,
                '<meta property="article:published_time" content="%s">\n' % iso(a["dt"]),
                '<meta property="article:modified_time" content="%s">\n' % iso(a["mod"]),
                '<meta property="article:section" content="%s">\n' % MC_SECTIONS[a["section"]],
                '<meta name="twitter:card" content="summary_large_image">\n',
                '<script type="application/ld+json">%s</script>\n' % json.dumps(ld, ensure_ascii=False),
                '</head>\n<body class="article-page">\n',
                mc_header(),
                '<main class="container">\n',
                '<div class="ad-slot ad-slot--top" data-ad="top"></div>\n',
                '<article class="article article--%s">\n' % a["section"],
                '  <header class="article__header">\n',
                '    <div class="article__label"><a href="/%s">%s</a></div>\n'
                % (a["section"], MC_SECTIONS[a["section"]]),
                "    <h1>%s</h1>\n" % esc(a["headline"]),
                "    <h2>%s</h2>\n" % esc(a["standfirst"]),
                "  </header>\n",
                '  <div class="article__byline byline">\n    <div class="byline__details">\n',
                '      <div class="byline__authors">By %s</div>\n' % authors,
                '      <time class="byline__datetime timeago" datetime="%s">%s</time>\n'
                % (iso(a["dt"]), mc_display(a["dt"])),
                "    </div>\n  </div>\n",
                '  <figure class="article__featured-image featured-image">\n',
                '    <img src="%s" alt="%s">\n' % (img, attr(a["image"][1])),
                '    <figcaption class="article__featured-image-caption"><span class="article__featured-image__caption">%s</span> '
                '<span class="article__featured-image__credits">%s</span></figcaption>\n'
                % (esc(a["image"][1]), esc(a["image"][2])),
                "  </figure>\n",
                '  <div class="article__content-container">\n',
                '    <div class="article__content" data-articlebody="1">\n',
                content + ("\n" if content else ""),
                "    </div>\n",
                after_content,
                "    " + MC_NEWSLETTER.replace("\n", "\n    ") + "\n",
                "  </div>\n",
                '  <div class="article__tags">%s</div>\n' % tags,
                "  " + MC_CONTRIBUTE.replace("\n", "\n  ") + "\n",
                "</article>\n",
                '<div class="ad-slot ad-slot--bottom" data-ad="bottom"></div>\n',
                "</main>\n",
                MC_FOOTER,
                "</body>\n</html>\n",
            ]
        )
        put(o, file_for(a["path"]), page)

    newest = sorted(arts, key=lambda a: a["dt"], reverse=True)
    # front page
    lis = [(a["path"], a["headline"], mc_display(a["dt"])) for a in newest]
    put(
        o,
        "index.html",
        simple_page(
            "Independent News From Russia",
            MC_NAME,
            "Latest news",
            lis,
            extra_head='<link rel="alternate" type="application/rss+xml" href="%s/rss/news">\n' % B,
        ),
    )
    for sec, name in MC_SECTIONS.items():
        put(
            o,
            sec + ".html",
            simple_page(
                name,
                MC_NAME,
                name,
                [(a["path"], a["headline"], mc_display(a["dt"])) for a in newest if a["section"] == sec],
            ),
        )
    authors = sorted({n for a in arts for n in a["authors"]})
    for n in authors:
        put(
            o,
            "author/%s.html" % slugify(n),
            simple_page(
                n,
                MC_NAME,
                n,
                [(a["path"], a["headline"], mc_display(a["dt"])) for a in newest if n in a["authors"]],
            ),
        )
    tags = sorted({t for a in arts for t in a["tags"]})
    for t in tags:
        put(
            o,
            "tag/%s.html" % slugify(t),
            simple_page(
                t,
                MC_NAME,
                t,
                [(a["path"], a["headline"], mc_display(a["dt"])) for a in newest if t in a["tags"]],
            ),
        )
    for rel, title, text in [
        ("contribute.html", "Support us", "Support independent journalism."),
        ("newsletters.html", "Newsletters", "Our weekly newsletter arrives every Friday."),
        (
            "page/about-us.html",
            "About us",
            "The Moscow Courier is an independent English-language news outlet.",
        ),
        ("page/privacy-policy.html", "Privacy Policy", "We collect as little data as we can."),
    ]:
        put(o, rel, simple_page(title, MC_NAME, title, [], intro="<p>%s</p>\n" % esc(text)))
    put(o, "robots.txt", robots())

    # RSS: newest 10 only (older ones are reachable through the sitemaps)
    items = []
    for a in newest[:10]:
        link = B + a["path"]
        if a["key"] == MC_UTM:
            link += "?utm_source=rss&utm_medium=feed"
        items.append(
            dict(
                title=a["headline"],
                link=link,
                pubDate=rfc822(a["dt"]),
                creator=", ".join(a["authors"]),
                description=a["standfirst"],
                category=MC_SECTIONS[a["section"]],
            )
        )
    put(
        o,
        "rss/news",
        rss("The Moscow Courier - News", B + "/", "Independent news from Russia", items, dc=True),
    )
    put_headers(o, "rss/news", {"Content-Type": "application/rss+xml; charset=utf-8"})

    # sitemap index + monthly sitemaps
    months = sorted({a["dt"].strftime("%Y-%m") for a in arts})
    idx = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for m in months:
        in_m = [a for a in arts if a["dt"].strftime("%Y-%m") == m]
        last = max(a["mod"] for a in in_m)
        idx.append(
            "  <sitemap>\n    <loc>%s/sitemaps/%s.xml</loc>\n    <lastmod>%s</lastmod>\n  </sitemap>"
            % (B, m, iso(last))
        )
        put(o, "sitemaps/%s.xml" % m, urlset([(B + a["path"], iso(a["mod"])) for a in in_m]))
    idx.append("</sitemapindex>")
    put(o, "sitemap.xml", "\n".join(idx) + "\n")
    return arts


# ===========================================================================
# Meridian News Agency
# ===========================================================================
MW_NAME = "Meridian News Agency"
MW_NOT_FOUND = "/world/europe/eu-leaders-summit-preview-2025-12-17/"
MW_PDF = "/docs/annual-report-2025.pdf"


def mw_display(dt):
    h = dt.hour % 12 or 12
    return "%s %d, %d %d:%02d %s UTC" % (
        MONTHS[dt.month - 1],
        dt.day,
        dt.year,
        h,
        dt.minute,
        "AM" if dt.hour < 12 else "PM",
    )


def mw_nav():
    return (
        '<div class="site-nav"><a class="brand" href="/">Meridian</a> <a href="/world/">World</a> '
        '<a href="/business/">Business</a> <a href="/about/trust-principles/">About</a></div>\n'
    )


def build_meridianwire():
    o = "meridianwire"
    arts = []
    for a in MERIDIANWIRE:
        a = dict(a)
        a["dt"] = parse(a["date"], o)
        a["mod"] = a["dt"] + timedelta(minutes=9 + len(a["headline"]) % 40)
        arts.append(a)
    arts.sort(key=lambda a: a["dt"])
    newest = sorted(arts, key=lambda a: a["dt"], reverse=True)
    for a in arts:
        url = B + a["path"]
        parts = a["path"].strip("/").split("/")
        crumbs = " / ".join(
            '<a href="/%s/">%s</a>'
            % ("/".join(parts[: k + 1]), esc(a["section"] if k == 1 else parts[k].capitalize()))
            for k in range(len(parts) - 1)
        )
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a["headline"],
            "datePublished": iso(a["dt"]),
            "dateModified": iso(a["mod"]),
            "author": [{"@type": "Person", "name": a["author"]}],
            "publisher": {"@type": "Organization", "name": MW_NAME},
            "mainEntityOfPage": url,
            "articleSection": a["section"],
        }
        more = [b for b in newest if b is not a][:4]
        more_html = "\n".join(
            '    <li><a href="%s">%s</a></li>' % (b["path"], esc(b["headline"])) for b in more
        )
        body = "\n".join("    <p>%s</p>" % esc(p) for p in a["body"])
        page = "".join(
            [
                '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
                "<title>%s | Meridian</title>\n" % esc(a["headline"]),
                '<meta name="description" content="%s">\n' % attr(a["body"][0]),
                '<link rel="canonical" href="%s">\n' % url,
                '<meta property="og:title" content="%s">\n' % attr(a["headline"]),
                '<meta property="og:type" content="article">\n',
                '<meta property="og:url" content="%s">\n' % url,
                '<meta property="og:site_name" content="Meridian">\n',
                '<meta property="article:published_time" content="%s">\n' % iso(a["dt"]),
                '<meta property="article:modified_time" content="%s">\n' % iso(a["mod"]),
                '<script type="application/ld+json">%s</script>\n' % json.dumps(ld, ensure_ascii=False),
                "</head>\n<body>\n",
                mw_nav(),
                '<main id="main-content">\n<article class="story">\n',
                '  <nav class="story-breadcrumb">%s</nav>\n' % crumbs,
                '  <h1 class="story-headline">%s</h1>\n' % esc(a["headline"]),
                '  <div class="story-meta"><span class="story-byline">By %s</span> <time datetime="%s">%s</time> '
                '<span class="story-updated">Updated <time datetime="%s">%s</time></span></div>\n'
                % (
                    esc(a["author"]),
                    iso(a["dt"]),
                    mw_display(a["dt"]),
                    iso(a["mod"]),
                    mw_display(a["mod"]),
                ),
                '  <p class="story-dateline">%s</p>\n' % esc(a["dateline"]),
                '  <div class="story-body">\n%s\n  </div>\n' % body,
                '  <p class="story-footer">%s</p>\n' % esc(a["footer"]),
                '  <p class="story-standards"><a href="/about/trust-principles/">Our Standards: The Meridian Trust Principles.</a></p>\n',
                '</article>\n<aside class="more-stories">\n  <h2>More from Meridian</h2>\n  <ul>\n%s\n  </ul>\n</aside>\n</main>\n'
                % more_html,
                '<footer class="site-footer">All quotes delayed a minimum of 15 minutes. &copy; 2026 Meridian News Agency. All rights reserved.</footer>\n',
                "</body>\n</html>\n",
            ]
        )
        put(o, file_for(a["path"]), page)

    # section indexes for every folder level used by article URLs
    folders = {}
    for a in arts:
        parts = a["path"].strip("/").split("/")
        for k in range(1, len(parts)):
            folders.setdefault("/" + "/".join(parts[:k]) + "/", []).append(a)
    for f in sorted(folders):
        lst = sorted(folders[f], key=lambda a: a["dt"], reverse=True)
        put(
            o,
            file_for(f),
            simple_page(
                f.strip("/").replace("/", " / ").title(),
                "Meridian",
                f.strip("/").title(),
                [(a["path"], a["headline"], mw_display(a["dt"])) for a in lst],
            ),
        )
    put(
        o,
        "index.html",
        simple_page(
            "Home",
            "Meridian",
            "Top news",
            [(a["path"], a["headline"], mw_display(a["dt"])) for a in newest]
            + [(MW_PDF, "Meridian News Agency Annual Report 2025 (PDF)", "")],
            extra_head='<link rel="alternate" type="application/rss+xml" href="%s/feed.xml">\n' % B,
        ),
    )
    put(
        o,
        "about/trust-principles/index.html",
        simple_page(
            "The Meridian Trust Principles",
            "Meridian",
            "The Meridian Trust Principles",
            [],
            intro="<p>Meridian is dedicated to integrity, independence and freedom from bias.</p>\n",
        ),
    )
    put(o, "robots.txt", robots())
    put(o, MW_PDF.lstrip("/"), make_pdf("Meridian News Agency - Annual Report 2025"))

    items = [
        dict(
            title=a["headline"],
            link=B + a["path"],
            pubDate=rfc822(a["dt"]),
            description=a["body"][0],
            category=a["section"],
        )
        for a in newest[:10]
    ]
    nf = dict(
        title="EU leaders gather for year-end summit as Ukraine funding looms",
        link=B + MW_NOT_FOUND,
        pubDate=rfc822(datetime(2025, 12, 17, 7, 0, tzinfo=UTC)),
        description="Preview of the EU summit.",
        category="Europe",
    )
    items.append(nf)
    items.sort(key=lambda it: email.utils.parsedate_to_datetime(it["pubDate"]), reverse=True)
    put(
        o,
        "feed.xml",
        rss("Meridian News Agency - Top News", B + "/", "Top news from Meridian", items),
    )
    entries = [(B + a["path"], iso(a["mod"])) for a in arts]
    entries.append((B + MW_NOT_FOUND, "2025-12-17T07:00:00Z"))
    entries.append((B + MW_PDF, "2026-01-30T12:00:00Z"))
    entries.sort(key=lambda e: e[1])
    put(o, "sitemap.xml", urlset(entries))
    return arts


def make_pdf(title):
    """A tiny valid one-page PDF (correct xref offsets)."""
    stream = (
        "BT /F1 18 Tf 72 720 Td (%s) Tj ET\nBT /F1 11 Tf 72 690 Td (Revenue, staff and bureaus: see tables.) Tj ET\n"
        % title
    ).encode("latin-1")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ("<< /Title (%s) /Producer (newsetl demo) /CreationDate (D:20260130120000Z) >>" % title).encode(
            "latin-1"
        ),
    ]
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offs = []
    for i, ob in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + ob + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offs:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1,
        xref,
    )
    return out


# ===========================================================================
# Eurasia Observer (WordPress-like)
# ===========================================================================
EO_NAME = "Eurasia Observer"
EO_COMMENTS = [
    (
        "Giorgi T.",
        "Thanks for the clear explanation, this is the kind of context that is missing elsewhere.",
    ),
    ("Dana K.", "Interesting piece. Would love to see a follow-up with more data."),
    ("observer_1991", "Good article, but the headline is a bit strong in my opinion."),
]


def eo_display(dt):
    return "%s %d, %d" % (MONTHS[dt.month - 1], dt.day, dt.year)


def eo_page(a, arts, post_id):
    url = B + a["path"]
    cat = slugify(a["category"])
    related = [b for b in arts if b is not a and b["key"] != "eo_private_draft"][:3]
    rel_html = "\n".join(
        '      <li class="jp-relatedposts-post"><a class="jp-relatedposts-post-a" href="%s">%s</a> '
        '<span class="jp-relatedposts-post-date">%s</span></li>'
        % (b["path"], esc(b["headline"]), eo_display(b["dt"]))
        for b in related
    )
    ncom = post_id % 3
    comments = "\n".join(
        '      <li class="comment even thread-even depth-1"><article class="comment-body"><footer class="comment-meta">'
        '<b class="fn">%s</b> <span class="says">says:</span> <time datetime="%s">%s</time></footer>'
        '<div class="comment-content"><p>%s</p></div></article></li>'
        % (
            esc(n),
            iso(a["dt"] + timedelta(hours=3 + k)),
            eo_display(a["dt"] + timedelta(hours=3 + k)),
            esc(t),
        )
        for k, (n, t) in enumerate(EO_COMMENTS[:ncom])
    )
    body = "\n".join("<p>%s</p>" % esc(p) for p in a["body"])
    author_slug = slugify(a["author"])
    apos = "\u2019" if a.get("cp1252") else "'"
    return "".join(
        [
            '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="utf-8">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            "<title>%s &#8211; %s</title>\n" % (esc(a["headline"]), EO_NAME),
            '<meta name="robots" content="index, follow, max-image-preview:large">\n',
            '<link rel="canonical" href="%s">\n' % url,
            '<meta property="og:locale" content="en_US">\n<meta property="og:type" content="article">\n',
            '<meta property="og:title" content="%s">\n' % attr(a["headline"]),
            '<meta property="og:url" content="%s">\n' % url,
            '<meta property="og:site_name" content="%s">\n' % EO_NAME,
            '<meta property="article:published_time" content="%s">\n' % iso(a["dt"]),
            '<meta name="generator" content="WordPress 6.8.1">\n',
            '<link rel="alternate" type="application/rss+xml" title="Eurasia Observer &raquo; Feed" href="%s/feed.xml">\n'
            % B,
            "</head>\n",
            '<body class="post-template-default single single-post postid-%d single-format-standard">\n'
            % post_id,
            '<div id="page" class="site">\n<a class="skip-link screen-reader-text" href="#primary">Skip to content</a>\n',
            '<header id="masthead" class="site-header">\n  <p class="site-title"><a href="/" rel="home">Eurasia Observer</a></p>\n',
            '  <p class="site-description">News and analysis from the Caucasus, Central Asia and beyond</p>\n',
            '  <nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu"><li><a href="/">Home</a></li>'
            '<li><a href="/category/analysis/">Analysis</a></li><li><a href="/about/">About</a></li></ul></nav>\n</header>\n',
            '<div id="content" class="site-content">\n<div id="primary" class="content-area">\n<main id="main" class="site-main">\n',
            '<article id="post-%d" class="post-%d post type-post status-publish format-standard hentry category-%s">\n'
            % (post_id, post_id, cat),
            '  <header class="entry-header">\n',
            '    <h1 class="entry-title">%s</h1>\n' % esc(a["headline"]),
            '    <div class="entry-meta"><span class="posted-on">Posted on <a href="%s" rel="bookmark">'
            '<time class="entry-date published" datetime="%s">%s</time></a></span> '
            '<span class="byline"> by <span class="author vcard"><a class="url fn n" href="/author/%s/">%s</a></span></span></div>\n'
            % (a["path"], iso(a["dt"]), eo_display(a["dt"]), author_slug, esc(a["author"])),
            "  </header>\n",
            '  <div class="entry-content">\n%s\n  </div>\n' % body,
            '  <footer class="entry-footer"><span class="cat-links">Posted in <a href="/category/%s/" rel="category tag">%s</a></span></footer>\n'
            % (cat, esc(a["category"])),
            "</article>\n",
            '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul>'
            '<li><button type="button" class="share-twitter" data-network="x">Share on X</button></li>'
            '<li><button type="button" class="share-facebook" data-network="facebook">Share on Facebook</button></li>'
            '<li><button type="button" class="share-telegram" data-network="telegram">Share on Telegram</button></li>'
            '<li><button type="button" class="share-email" data-network="email">Email</button></li></ul></div>\n',
            '<div id="jp-relatedposts" class="jp-relatedposts">\n  <h3 class="jp-relatedposts-headline"><em>Related posts</em></h3>\n  <ul>\n%s\n  </ul>\n</div>\n'
            % rel_html,
            '<div class="newsletter-signup widget">\n  <h3>The Observer Weekly</h3>\n'
            "  <p>Get our best analysis from the Caucasus and Central Asia in your inbox every Monday. Free, and you can unsubscribe at any time.</p>\n"
            '  <form action="/newsletter/subscribe" method="post"><input type="email" name="email" placeholder="Email address"> '
            '<button type="submit">Subscribe</button></form>\n</div>\n',
            '<div id="comments" class="comments-area">\n',
            (
                '  <h2 class="comments-title">%d thought%s on &ldquo;%s&rdquo;</h2>\n  <ol class="comment-list">\n%s\n  </ol>\n'
                % (ncom, "" if ncom == 1 else "s", esc(a["headline"]), comments)
            )
            if ncom
            else "",
            '  <div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>'
            '<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form">'
            '<p class="comment-notes">Your email address will not be published. Required fields are marked *</p>'
            '<p class="comment-form-comment"><label for="comment">Comment *</label><textarea id="comment" name="comment"></textarea></p>'
            '<p class="form-submit"><input type="submit" name="submit" id="submit" class="submit" value="Post Comment"></p></form></div>\n',
            "</div>\n",
            "</main>\n</div>\n",
            '<aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">About</h2>'
            "<p>Eurasia Observer is a reader%ss independent publication covering the countries of the former Soviet Union.</p></section></aside>\n"
            % apos,
            '</div>\n<footer id="colophon" class="site-footer"><div class="site-info">Proudly powered by WordPress | Eurasia Observer, Tbilisi</div></footer>\n',
            "</div>\n</body>\n</html>\n",
        ]
    )


def build_eurasiaobserver():
    o = "eurasiaobserver"
    arts = []
    for a in EURASIAOBSERVER:
        a = dict(a)
        a["dt"] = parse(a["date"], o)
        arts.append(a)
    arts.sort(key=lambda a: a["dt"])
    newest = sorted(arts, key=lambda a: a["dt"], reverse=True)
    for i, a in enumerate(arts):
        page = eo_page(a, newest, 1180 + 37 * i)
        if a.get("cp1252"):
            put(o, file_for(a["path"]), page, encoding="cp1252")
            put_headers(o, file_for(a["path"]), {"Content-Type": "text/html; charset=utf-8"})
        else:
            put(o, file_for(a["path"]), page)
    priv = dict(EURASIA_PRIVATE)
    priv["dt"] = parse(priv["date"], o)
    put(o, file_for(priv["path"]), eo_page(priv, newest, 1999))

    disp = lambda a: eo_display(a["dt"])  # noqa: E731
    put(
        o,
        "index.html",
        simple_page(
            "News and analysis",
            EO_NAME,
            "Latest posts",
            [(a["path"], a["headline"], disp(a)) for a in newest],
            extra_head='<link rel="alternate" type="application/rss+xml" href="%s/feed.xml">\n' % B,
        ),
    )
    for cat in sorted({a["category"] for a in arts} | {"Analysis"}):
        put(
            o,
            "category/%s/index.html" % slugify(cat),
            simple_page(
                cat,
                EO_NAME,
                cat,
                [(a["path"], a["headline"], disp(a)) for a in newest if a["category"] == cat],
            ),
        )
    for au in sorted({a["author"] for a in arts}):
        put(
            o,
            "author/%s/index.html" % slugify(au),
            simple_page(
                au,
                EO_NAME,
                au,
                [(a["path"], a["headline"], disp(a)) for a in newest if a["author"] == au],
            ),
        )
    put(
        o,
        "about/index.html",
        simple_page(
            "About",
            EO_NAME,
            "About",
            [],
            intro="<p>An independent publication based in Tbilisi.</p>\n",
        ),
    )
    put(o, "robots.txt", robots())
    items = [
        dict(title=a["headline"], link=B + a["path"], pubDate=rfc822(a["dt"]), category=a["category"])
        for a in newest
    ]
    put(
        o,
        "feed.xml",
        rss(
            EO_NAME,
            B + "/",
            "News and analysis from the Caucasus, Central Asia and beyond",
            items,
            lang="en-US",
        ),
    )
    entries = [(B + a["path"], iso(a["dt"])) for a in arts] + [(B + priv["path"], iso(priv["dt"]))]
    entries.sort(key=lambda e: e[1])
    put(o, "sitemap.xml", urlset(entries))
    return arts, priv


# ===========================================================================
# Sahel Post
# ===========================================================================
SP_NAME = "Sahel Post"


def sp_display(dt):
    return "%d %s %d" % (dt.day, MONTHS[dt.month - 1], dt.year)


def build_sahelpost(mw_by_key):
    o = "sahelpost"
    arts = []
    for a in SAHELPOST:
        a = dict(a)
        a["dt"] = parse(a["date"], o)
        a["mod"] = a["dt"] + timedelta(minutes=40)
        a["path"] = "/news/%s.html" % a["slug"]
        if a.get("syndicated_from"):
            src = mw_by_key[a["syndicated_from"]]
            a["body"] = list(src["body"])
            a["wire"] = src
        arts.append(a)
    arts.sort(key=lambda a: a["dt"])
    newest = sorted(arts, key=lambda a: a["dt"], reverse=True)
    for a in arts:
        url = B + a["path"]
        most = [b for b in newest if b is not a][:5]
        most_html = "\n".join(
            '      <li><a href="%s">%s</a></li>' % (b["path"], esc(b["headline"])) for b in most
        )
        body = "\n".join("    <p>%s</p>" % esc(p) for p in a["body"])
        wire = a.get("wire")
        page = "".join(
            [
                '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
                "<title>%s | Sahel Post</title>\n" % esc(a["headline"]),
                '<meta name="description" content="%s">\n' % attr(a["body"][0][:160]),
                '<link rel="canonical" href="%s">\n' % url,
                '<meta property="og:title" content="%s">\n' % attr(a["headline"]),
                '<meta property="og:url" content="%s">\n' % url,
                '<meta property="og:type" content="article">\n',
                "</head>\n<body>\n",
                '<div id="cookie-banner" class="cookie-banner" role="dialog">\n'
                "  <p>We use cookies to improve your experience on Sahel Post and to measure our audience. By continuing to browse this site, you accept the use of cookies.</p>\n"
                '  <button type="button" class="cookie-accept">Accept</button> <button type="button" class="cookie-settings">Settings</button>\n</div>\n',
                '<header class="top"><a href="/" class="logo">Sahel Post</a> <span class="tagline">Independent news from the Sahel</span>\n'
                '  <nav><a href="/">Home</a> <a href="/news/">News</a> <a href="/about.html">About</a></nav>\n</header>\n',
                '<main>\n<div class="article-wrap" itemscope itemtype="https://schema.org/NewsArticle">\n',
                '  <meta itemprop="datePublished" content="%s">\n' % iso(a["dt"]),
                '  <meta itemprop="dateModified" content="%s">\n' % iso(a["mod"]),
                '  <div class="kicker">%s</div>\n' % esc(a["category"]),
                '  <h1 itemprop="headline">%s</h1>\n' % esc(a["headline"]),
                '  <div class="meta">By <span itemprop="author">%s</span> | %s</div>\n'
                % (esc(a.get("byline", a["author"])), sp_display(a["dt"])),
                ('  <p class="dateline">%s</p>\n' % esc(wire["dateline"])) if wire else "",
                '  <div itemprop="articleBody">\n%s\n  </div>\n' % body,
                (
                    '  <p class="wire-footer">%s</p>\n  <p class="wire-credit">This story was published by Meridian News Agency (Meridian) and is republished under licence.</p>\n'
                    % esc(wire["footer"])
                )
                if wire
                else "",
                '  <div class="share">Share: <button type="button">WhatsApp</button> <button type="button">Facebook</button> <button type="button">X</button></div>\n',
                "</div>\n",
                '<aside class="sidebar">\n  <div class="most-read">\n    <h3>Most read</h3>\n    <ol>\n%s\n    </ol>\n  </div>\n'
                '  <div class="ad-slot">Advertisement</div>\n</aside>\n' % most_html,
                '</main>\n<footer class="bottom">&copy; 2026 Sahel Post, Niamey. All rights reserved. <a href="/about.html">About us</a></footer>\n',
                "</body>\n</html>\n",
            ]
        )
        put(o, file_for(a["path"]), page)
    lis = [(a["path"], a["headline"], sp_display(a["dt"])) for a in newest]
    put(
        o,
        "index.html",
        simple_page(
            "Independent news from the Sahel",
            SP_NAME,
            "Latest news",
            lis,
            extra_head='<link rel="alternate" type="application/rss+xml" href="%s/rss.xml">\n' % B,
        ),
    )
    put(o, "news/index.html", simple_page("News", SP_NAME, "News", lis))
    put(
        o,
        "about.html",
        simple_page(
            "About us",
            SP_NAME,
            "About us",
            [],
            intro="<p>Sahel Post is an independent news site based in Niamey.</p>\n",
        ),
    )
    put(o, "robots.txt", robots())
    items = [
        dict(
            title=a["headline"],
            link=B + a["path"],
            pubDate=rfc822(a["dt"]),
            description=a["body"][0],
            category=a["category"],
        )
        for a in newest
    ]
    put(o, "rss.xml", rss(SP_NAME, B + "/", "Independent news from the Sahel", items))
    put(o, "sitemap.xml", urlset([(B + a["path"], iso(a["mod"])) for a in arts]))
    return arts


# ===========================================================================
# Answer file
# ===========================================================================
def build_expected(mc, mw, eo, priv, sp):
    ref = {}
    for slug, arts in (
        ("moscowcourier", mc),
        ("meridianwire", mw),
        ("eurasiaobserver", eo),
        ("sahelpost", sp),
    ):
        for a in arts:
            ref[a["key"]] = "%s:%s" % (slug, a["path"])
    R = lambda *keys: [ref[k] for k in keys]  # noqa: E731
    events = [
        dict(
            host="LAO",
            city="Vientiane",
            start_date="2025-09-25",
            end_date="2025-09-25",
            leader="Foreign Minister Gennady Lisitsyn",
            reported_by=R("mc_laos"),
        ),
        dict(
            host="MLI",
            city="Bamako",
            start_date="2025-10-12",
            end_date="2025-10-12",
            leader="Deputy Defense Minister Viktor Ostapenko",
            reported_by=R("mc_niger_mali", "mw_niger", "sp_niger"),
            also_mentioned_in=R("mc_mali2"),
        ),
        dict(
            host="NER",
            city="Niamey",
            start_date="2025-10-13",
            end_date="2025-10-13",
            leader="Deputy Defense Minister Viktor Ostapenko",
            reported_by=R("mc_niger_mali", "mw_niger", "sp_niger"),
        ),
        dict(
            host="BFA",
            city="Ouagadougou",
            start_date="2025-10-30",
            end_date="2025-10-30",
            leader="Security Council Secretary Nikolai Bortsov",
            reported_by=R("mw_burkina", "sp_burkina"),
        ),
        dict(
            host="MMR",
            city="Naypyidaw",
            start_date="2025-11-10",
            end_date="2025-11-11",
            leader="Deputy Prime Minister Oleg Vereshchagin",
            reported_by=R("mc_myanmar", "eo_myanmar"),
        ),
        dict(
            host="CAF",
            city="Bangui",
            start_date="2025-11-18",
            end_date="2025-11-20",
            leader="Deputy Minister of Industry and Trade Irina Gromova (trade mission)",
            reported_by=R("sp_car"),
        ),
        dict(
            host="IRN",
            city="Tehran",
            start_date="2025-11-26",
            end_date="2025-11-26",
            leader="Security Council Secretary Nikolai Bortsov",
            reported_by=R("mw_iran", "eo_iran"),
        ),
        dict(
            host="VEN",
            city="Caracas",
            start_date="2025-12-08",
            end_date="2025-12-08",
            leader="State Duma Speaker Pavel Sukhanov (parliamentary delegation)",
            reported_by=R("mc_venezuela", "mw_venezuela", "eo_venezuela"),
        ),
        dict(
            host="GNQ",
            city="Malabo",
            start_date="2026-01-14",
            end_date="2026-01-14",
            leader="Deputy Defence Minister Viktor Ostapenko",
            reported_by=R("mw_eqguinea"),
        ),
        dict(
            host="MLI",
            city="Bamako",
            start_date="2026-01-20",
            end_date="2026-01-20",
            leader="Foreign Minister Gennady Lisitsyn",
            reported_by=R("mw_mali", "sp_mali_wire", "mc_mali2"),
        ),
        dict(
            host="NER",
            city="Niamey",
            start_date="2026-02-09",
            end_date="2026-02-09",
            leader="Security Council Secretary Nikolai Bortsov",
            reported_by=R("sp_niger2", "mc_niger2"),
        ),
    ]
    per = {}
    for e in events:
        per[e["host"]] = per.get(e["host"], 0) + 1
    per = dict(sorted(per.items(), key=lambda kv: (-kv[1], kv[0])))
    counts = {
        "moscowcourier": len(mc),
        "meridianwire": len(mw),
        "eurasiaobserver": len(eo),
        "sahelpost": len(sp),
    }
    return {
        "visitor": "RUS",
        "counted_statuses": ["occurred", "ongoing"],
        "visits_per_country": per,
        "total_visits": len(events),
        "events": events,
        "other_visits": [
            dict(
                visitor="CHN",
                host="SRB",
                city="Belgrade",
                date="2025-09-22",
                reported_by=R("mw_serbia"),
            ),
            dict(
                visitor="TUR",
                host="AZE",
                city="Baku",
                date="2025-10-07",
                reported_by=R("eo_turkey_azerbaijan"),
            ),
            dict(
                visitor="IRN",
                host="RUS",
                city="Moscow",
                date="2025-11-05",
                reported_by=R("eo_iran"),
            ),
            dict(
                visitor="IND",
                host="JPN",
                city="Tokyo",
                date="2025-12-15",
                reported_by=R("mw_india_japan"),
            ),
            dict(
                visitor="FRA",
                host="CIV",
                city="Abidjan",
                date="2026-01-08",
                reported_by=R("eo_france_civ"),
            ),
        ],
        "not_country_visits": [
            dict(
                visitor="IMF",
                host="GHA",
                city="Accra",
                date="2025-11-06",
                note="international organisation, not a country",
                reported_by=R("mw_imf_ghana"),
            ),
            dict(
                visitor="UN",
                host="ARM",
                date="2026-02-16",
                note="international organisation, not a country",
                reported_by=R("eo_un_armenia"),
            ),
            dict(
                visitor="RUS",
                host="RUS",
                date="2026-01-26",
                note="domestic trip to Russian regions (Far East)",
                reported_by=R("mc_fareast"),
            ),
        ],
        "planned": [
            dict(
                visitor="RUS",
                host="LAO",
                city="Vientiane",
                date="2026-03-12",
                leader="Foreign Minister Gennady Lisitsyn",
                reported_by=R("eo_laos_planned"),
            ),
            dict(
                visitor="RUS",
                host="CUB",
                city="Havana",
                date="2026-02-17",
                leader="Deputy Defence Minister Viktor Ostapenko",
                reported_by=R("mw_cuba_planned"),
            ),
        ],
        "cancelled": [
            dict(
                visitor="RUS",
                host="MDG",
                city="Antananarivo",
                date="2025-10-22",
                leader="Deputy Prime Minister Oleg Vereshchagin",
                reported_by=R("mw_madagascar"),
            ),
        ],
        "no_visit_articles": R(
            "mc_wheat",
            "mc_keyrate",
            "mc_shadowfleet",
            "mc_governor",
            "mc_nutcracker",
            "mc_fareast",
            "mc_zenit",
            "mw_imf_ghana",
            "mw_oil",
            "eo_georgia",
            "eo_kazakhstan",
            "eo_armenia",
            "eo_un_armenia",
            "sp_gold",
            "sp_leanseason",
            "sp_afcon",
        ),
        "bad_pages": {
            "empty_body": ref["mc_cityday"],
            "not_html": "meridianwire:" + MW_PDF,
            "wrong_charset": ref["eo_france_civ"],
            "not_found": "meridianwire:" + MW_NOT_FOUND,
            "robots_disallowed": "eurasiaobserver:" + priv["path"],
        },
        "duplicates": {
            "syndicated": R("mw_mali", "sp_mali_wire"),
            "url_variant": ref[MC_UTM] + "?utm_source=rss&utm_medium=feed",
        },
        "article_count": sum(counts.values()),
        "article_count_by_outlet": counts,
        "article_count_note": "HTML article pages served with status 200 and allowed by robots.txt; includes the empty-body "
        "and the wrong-charset pages; excludes the robots-disallowed draft, the PDF, the 404 link and "
        "index/section/author/tag pages.",
    }


def main():
    mc = build_moscowcourier()
    mw = build_meridianwire()
    eo, priv = build_eurasiaobserver()
    sp = build_sahelpost({a["key"]: a for a in mw})
    expected = build_expected(mc, mw, eo, priv, sp)

    if os.path.isdir(SITE):
        shutil.rmtree(SITE)
    for rel in sorted(FILES):
        p = os.path.join(SITE, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(FILES[rel])
    with open(os.path.join(HERE, "expected_visits.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(expected, indent=2, ensure_ascii=False) + "\n")
    print("wrote %d files, %d articles" % (len(FILES), expected["article_count"]))


if __name__ == "__main__":
    main()
