// Asks who is labelling before the first label (the name is remembered in settings).
import { useState } from 'react';

export function AnnotatorForm({ onSubmit }: { onSubmit: (name: string) => void }) {
  const [name, setName] = useState('');
  return (
    <form
      className="rir-panel rir-annotator-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) onSubmit(name.trim());
      }}
    >
      <label htmlFor="rir-annotator-input">Your name, saved with every label you give (several people can label the same dataset)</label>
      <input id="rir-annotator-input" autoFocus autoComplete="nickname" value={name} onChange={(e) => setName(e.currentTarget.value)} />
      <button type="submit" disabled={!name.trim()}>
        Start labelling
      </button>
    </form>
  );
}
