import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, errorMessage } from '../api/client';
import type { Assistant } from '../api/schemas';
import { invalidateAssistantLists } from '../lib/queries';

/** Points the assistant's server URL at this Voice Matrix webhook (list and editor). */
export function ConnectButton({ assistant }: { assistant: Assistant }) {
  const queryClient = useQueryClient();
  const connect = useMutation({
    mutationFn: (id: string) => api.connectAssistant(id),
    onSuccess: () => void invalidateAssistantLists(queryClient),
  });
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <span className="connect">
      <button
        type="button"
        className="btn btn-small"
        disabled={connect.isPending}
        onClick={async () => {
          setMsg(null);
          try {
            await connect.mutateAsync(assistant.id);
            setMsg({ ok: true, text: 'Connected. VAPI now sends this assistant’s calls to Voice Matrix.' });
          } catch (err) {
            setMsg({ ok: false, text: `Could not connect: ${errorMessage(err)}` });
          }
        }}
      >
        {connect.isPending ? 'Connecting…' : 'Connect to Voice Matrix'}
      </button>
      {msg && (
        <span className={msg.ok ? 'ok-text' : 'form-error'} role={msg.ok ? 'status' : 'alert'}>
          {msg.text}
        </span>
      )}
    </span>
  );
}
