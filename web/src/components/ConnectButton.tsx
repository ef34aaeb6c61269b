import { useState } from 'react';
import { api, errorMessage } from '../api/client';
import type { Assistant } from '../api/types';

/** Points the assistant's server URL at this Voice Matrix webhook (list and editor). */
export function ConnectButton({ assistant, onConnected }: { assistant: Assistant; onConnected?: () => void }) {
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <span className="connect">
      <button
        type="button"
        className="btn btn-small"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setMsg(null);
          try {
            await api.connectAssistant(assistant.id);
            setMsg({ ok: true, text: 'Connected. VAPI now sends this assistant’s calls to Voice Matrix.' });
            onConnected?.();
          } catch (err) {
            setMsg({ ok: false, text: `Could not connect: ${errorMessage(err)}` });
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? 'Connecting…' : 'Connect to Voice Matrix'}
      </button>
      {msg && (
        <span className={msg.ok ? 'ok-text' : 'form-error'} role={msg.ok ? 'status' : 'alert'}>
          {msg.text}
        </span>
      )}
    </span>
  );
}
