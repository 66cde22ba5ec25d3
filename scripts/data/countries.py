#!/usr/bin/env python3
"""Writes src/SayStop.Web/Features/Reports/Data/countries.json: every ISO 3166-1 country with its name in
French, Dutch and English (Debian's iso-codes package and its translations) and, where we have checked it, the
number to call when a child is in danger right now. Run again when iso-codes changes; the emergency numbers are
ours (see EMERGENCY below) and should be reviewed by the NGO: a country without one shows the generic advice.

    apt-get install iso-codes && python3 scripts/data/countries.py
"""
import gettext, json, pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE = '/usr/share/iso-codes/json/iso_3166-1.json'
OUT = ROOT / 'src/SayStop.Web/Features/Reports/Data/countries.json'

# Emergency numbers reachable from any phone, police or general, as travellers are told to dial them.
# Only numbers we are confident of; others fall back to "call the local police (112 often works from a mobile)".
EMERGENCY = {
    # 112 is the general emergency number across the EU and beyond.
    **{c: '112' for c in 'AT BE BG HR CY CZ DK EE FI FR DE GR HU IT LV LT LU MT NL PL PT RO SK SI ES SE IS NO CH LI ME TR UA KR RW TZ NG GH ID IN'.split()},
    'IE': '112 / 999', 'GB': '999 / 112', 'US': '911', 'CA': '911', 'MX': '911', 'AR': '911', 'DO': '911', 'CR': '911',
    'PA': '911', 'EC': '911', 'UY': '911', 'PY': '911', 'VE': '911', 'HN': '911', 'SV': '911', 'PH': '911', 'SA': '911',
    'JO': '911', 'BR': '190', 'CO': '123', 'PE': '105', 'CL': '133', 'BO': '110', 'JM': '119', 'TH': '191', 'KH': '117',
    'VN': '113', 'MY': '999', 'SG': '999', 'BD': '999', 'HK': '999', 'MO': '999', 'AE': '999', 'QA': '999', 'NP': '100',
    'LK': '119', 'PK': '15', 'CN': '110', 'JP': '110', 'TW': '110', 'MM': '199', 'IL': '100', 'KZ': '112', 'ZA': '10111 / 112',
    'KE': '999 / 112', 'UG': '999', 'SN': '17', 'MA': '19', 'TN': '197', 'EG': '122', 'ET': '991', 'AU': '000 / 112',
    'NZ': '111', 'OM': '9999',
}

# Shorter everyday names where the ISO name is long or formal.
SHORT = {
    'LA': {'en': 'Laos', 'fr': 'Laos', 'nl': 'Laos'},
    'AX': {'fr': 'Îles Åland'},
    'BO': {'nl': 'Bolivia'},
    'CC': {'fr': 'Îles Cocos (Keeling)'},
    'CD': {'nl': 'Congo (Democratische Republiek)', 'en': 'Congo (Democratic Republic)'},
    'CX': {'fr': 'Île Christmas'},
    'FK': {'fr': 'Îles Malouines (Falkland)'},
    'FM': {'fr': 'Micronésie', 'en': 'Micronesia'},
    'IR': {'fr': 'Iran'},
    'PS': {'fr': 'Palestine', 'nl': 'Palestina', 'en': 'Palestine'},
    'RE': {'fr': 'La Réunion'},
    'RU': {'fr': 'Russie', 'nl': 'Rusland', 'en': 'Russia'},
    'SB': {'fr': 'Îles Salomon'},
    'SY': {'fr': 'Syrie'},
    'VA': {'fr': 'Vatican', 'nl': 'Vaticaanstad', 'en': 'Vatican City'},
    'VE': {'nl': 'Venezuela'},
    'VG': {'nl': 'Britse Maagdeneilanden', 'en': 'British Virgin Islands'},
    'VI': {'fr': 'Îles Vierges des États-Unis', 'nl': 'Amerikaanse Maagdeneilanden', 'en': 'U.S. Virgin Islands'},
}

def main():
    countries = json.load(open(SOURCE, encoding='utf-8'))['3166-1']
    tr = {lang: gettext.translation('iso_3166-1', localedir='/usr/share/locale', languages=[lang]) for lang in ('fr', 'nl')}
    out = {}
    for c in sorted(countries, key=lambda c: c['alpha_2']):
        code = c['alpha_2']
        english = c.get('common_name') or c['name']
        names = {'en': english}
        for lang, t in tr.items():
            translated = t.gettext(english)
            names[lang] = translated if translated != english or 'common_name' not in c else t.gettext(c['name'])
        names.update(SHORT.get(code, {}))
        entry = {'fr': names['fr'], 'nl': names['nl'], 'en': names['en']}
        if code in EMERGENCY:
            entry['emergency'] = EMERGENCY[code]
        out[code] = entry
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, ensure_ascii=False, indent=1) + '\n', encoding='utf-8')
    print(f'{len(out)} countries, {sum("emergency" in e for e in out.values())} with an emergency number -> {OUT}')

if __name__ == '__main__':
    main()
