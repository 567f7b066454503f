import { useState } from 'react';
import type { AccountSettings } from '../../../src-shared/domain/settings';
import { useSettingsStore, type SettingsView } from '../../stores/settings-store';
import { SaveRow } from './SaveRow';

type Tone = AccountSettings['tone'];

const STYLE_LABEL: Record<Tone['style'], string> = {
  friendly: 'Дружелюбный',
  formal: 'Официальный',
  brief: 'Коротко и по делу',
};

/** How drafts address the buyer: «вы» or «ты», the style, a signature under every draft. */
export function ToneForm({ settings }: { settings: SettingsView }) {
  const [tone, setTone] = useState<Tone>(settings.tone);
  const { update, saving, saveError, savedAt } = useSettingsStore();
  const signature = tone.signature ?? '';
  const invalid = signature.trim().length > 200 ? 'Подпись — не длиннее 200 символов' : null;
  return (
    <form
      className="settings-card"
      onSubmit={(event) => {
        event.preventDefault();
        const trimmed = signature.trim();
        if (!invalid)
          void update('tone', {
            formality: tone.formality,
            style: tone.style,
            ...(trimmed ? { signature: trimmed } : {}),
          });
      }}
    >
      <h3>Тон ответов</h3>
      <div className="field-inline">
        <span>Обращение:</span>
        {(['вы', 'ты'] as const).map((formality) => (
          <label key={formality} className="radio">
            <input
              type="radio"
              name="formality"
              checked={tone.formality === formality}
              onChange={() => setTone({ ...tone, formality })}
            />
            на «{formality}»
          </label>
        ))}
      </div>
      <label className="field">
        <span>Стиль</span>
        <select
          data-testid="settings-tone-style"
          value={tone.style}
          onChange={(event) => setTone({ ...tone, style: event.target.value as Tone['style'] })}
        >
          {(Object.keys(STYLE_LABEL) as Tone['style'][]).map((style) => (
            <option key={style} value={style}>
              {STYLE_LABEL[style]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Подпись (необязательно)</span>
        <input
          type="text"
          data-testid="settings-signature"
          placeholder="С уважением, команда магазина"
          value={signature}
          onChange={(event) => setTone({ ...tone, signature: event.target.value })}
        />
      </label>
      <SaveRow
        testId="settings-save-tone"
        saving={saving}
        invalid={invalid}
        error={saveError.tone}
        savedAt={savedAt.tone}
      />
    </form>
  );
}
