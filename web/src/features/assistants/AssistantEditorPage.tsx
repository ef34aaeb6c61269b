import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import type { Assistant, AssistantPatch } from '../../api/schemas';
import { ErrorMessage, Loading, PageHeader } from '../../components/ui';
import {
  buildAssistantCreate,
  buildAssistantPatch,
  formFromAssistant,
  MODEL_PROVIDERS,
  NEW_ASSISTANT_FORM,
  validateForm,
  VOICE_PROVIDERS,
  type AssistantForm,
  type FormErrors,
} from './assistantForm';
import { invalidateAssistantLists, queries } from '../../lib/queries';
import { ConnectButton } from '../../components/ConnectButton';

interface EditorProps {
  original: Assistant | null;
  onSaved: (a: Assistant) => void;
}

function TextField(props: {
  name: keyof AssistantForm;
  label: string;
  form: AssistantForm;
  errors: FormErrors;
  set: (k: keyof AssistantForm, v: string) => void;
  type?: string;
  multiline?: boolean;
  list?: string;
  hint?: string;
  inputMode?: 'decimal' | 'numeric';
}) {
  const { name, label, form, errors, set } = props;
  const id = `f-${name}`;
  const err = errors[name];
  const common = {
    id,
    name,
    value: form[name],
    'aria-invalid': err ? true : undefined,
    'aria-describedby': err ? `${id}-err` : props.hint ? `${id}-hint` : undefined,
  };
  return (
    <div className={`field ${props.multiline ? 'field-wide' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {props.multiline ? (
        <textarea {...common} rows={name === 'systemPrompt' ? 8 : 3} onChange={(e) => set(name, e.target.value)} />
      ) : (
        <input {...common} type={props.type ?? 'text'} list={props.list} inputMode={props.inputMode} onChange={(e) => set(name, e.target.value)} />
      )}
      {props.hint && !err && (
        <span id={`${id}-hint`} className="muted small">
          {props.hint}
        </span>
      )}
      {err && (
        <span id={`${id}-err`} className="form-error">
          {err}
        </span>
      )}
    </div>
  );
}

export function AssistantEditor({ original, onSaved }: EditorProps) {
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: AssistantPatch }) => (id ? api.updateAssistant(id, body) : api.createAssistant(body)),
    onSuccess: (saved) => {
      if (saved.id) queryClient.setQueryData(queries.assistant(saved.id).queryKey, saved);
      void invalidateAssistantLists(queryClient);
    },
  });
  const [form, setForm] = useState<AssistantForm>(() => (original ? formFromAssistant(original) : NEW_ASSISTANT_FORM));
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');

  useEffect(() => {
    setForm(original ? formFromAssistant(original) : NEW_ASSISTANT_FORM);
  }, [original]);

  const set = (k: keyof AssistantForm, v: string) => {
    setForm((f) => ({ ...f, [k]: v }));
    setNotice('');
  };
  const patch = original ? buildAssistantPatch(original, form) : null;
  const dirty = original ? Object.keys(patch ?? {}).length > 0 : true;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const v = validateForm(form);
    setErrors(v);
    if (Object.keys(v).length) return;
    setBusy(true);
    setSaveError(null);
    setNotice('');
    try {
      if (original) {
        if (!patch || Object.keys(patch).length === 0) {
          setNotice('Nothing to save.');
          return;
        }
        const saved = await save.mutateAsync({ id: original.id, body: patch });
        setNotice('Saved.');
        onSaved(saved && typeof saved === 'object' && 'id' in saved ? saved : { ...original });
      } else {
        const created = await save.mutateAsync({ id: null, body: buildAssistantCreate(form) });
        onSaved(created);
      }
    } catch (err) {
      setSaveError(err);
    } finally {
      setBusy(false);
    }
  };

  const p = { form, errors, set };
  return (
    <form className="card editor" onSubmit={submit} aria-label={original ? 'Edit assistant' : 'New assistant'} data-testid="assistant-editor">
      <fieldset>
        <legend>Basics</legend>
        <TextField name="name" label="Name" {...p} />
        <TextField name="firstMessage" label="First message" multiline hint="What the assistant says when the call starts." {...p} />
        <TextField name="systemPrompt" label="System prompt" multiline {...p} />
      </fieldset>
      <fieldset>
        <legend>Model</legend>
        <div className="row">
          <TextField name="modelProvider" label="Model provider" list="model-providers" {...p} />
          <TextField name="model" label="Model" {...p} />
          <TextField name="temperature" label="Temperature" inputMode="decimal" hint="0 to 2" {...p} />
        </div>
        <datalist id="model-providers">
          {MODEL_PROVIDERS.map((x) => (
            <option key={x} value={x} />
          ))}
        </datalist>
      </fieldset>
      <fieldset>
        <legend>Voice</legend>
        <div className="row">
          <TextField name="voiceProvider" label="Voice provider" list="voice-providers" {...p} />
          <TextField name="voiceId" label="Voice id" {...p} />
        </div>
        <datalist id="voice-providers">
          {VOICE_PROVIDERS.map((x) => (
            <option key={x} value={x} />
          ))}
        </datalist>
      </fieldset>
      <fieldset>
        <legend>Ending the call</legend>
        <TextField name="endCallMessage" label="End call message" multiline {...p} />
        <TextField name="maxDurationSeconds" label="Max duration (seconds)" inputMode="numeric" hint="10 to 43200" {...p} />
      </fieldset>
      {saveError !== null && <ErrorMessage error={saveError} prefix={original ? 'Could not save' : 'Could not create'} />}
      {notice && (
        <p className="ok-text" role="status">
          {notice}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !dirty}>
          {busy ? 'Saving…' : original ? 'Save changes' : 'Create assistant'}
        </button>
        {original && dirty && (
          <button type="button" className="btn" onClick={() => setForm(formFromAssistant(original))} disabled={busy}>
            Discard changes
          </button>
        )}
      </div>
    </form>
  );
}

function DeleteButton({ assistant }: { assistant: Assistant }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (id: string) => api.deleteAssistant(id),
    onSuccess: (_answer, id) => {
      queryClient.removeQueries({ queryKey: queries.assistant(id).queryKey });
      void invalidateAssistantLists(queryClient);
    },
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <>
      <button
        type="button"
        className="btn btn-danger"
        disabled={busy}
        onClick={async () => {
          if (!window.confirm(`Delete the assistant “${assistant.name || assistant.id}” from VAPI? This cannot be undone.`)) return;
          setBusy(true);
          setError(null);
          try {
            await remove.mutateAsync(assistant.id);
            navigate('/assistants', { replace: true });
          } catch (err) {
            setError(err);
            setBusy(false);
          }
        }}
      >
        {busy ? 'Deleting…' : 'Delete assistant'}
      </button>
      {error !== null && <ErrorMessage error={error} prefix="Could not delete" />}
    </>
  );
}

export function AssistantEditorPage() {
  const { assistantId } = useParams();
  const navigate = useNavigate();
  const isNew = !assistantId;
  const queryClient = useQueryClient();
  const res = useQuery({ ...queries.assistant(assistantId ?? ''), enabled: Boolean(assistantId) });

  if (isNew) {
    return (
      <>
        <PageHeader title="New assistant">
          <Link to="/assistants" className="btn btn-small">
            Back to assistants
          </Link>
        </PageHeader>
        <AssistantEditor original={null} onSaved={(a) => navigate(a.id ? `/assistants/${encodeURIComponent(a.id)}` : '/assistants')} />
      </>
    );
  }

  const a = res.data;
  return (
    <>
      <PageHeader title={a ? a.name || 'Unnamed assistant' : 'Assistant'}>
        <Link to="/assistants" className="btn btn-small">
          Back to assistants
        </Link>
      </PageHeader>
      {res.isPending ? (
        <Loading label="Loading assistant from VAPI…" />
      ) : res.isError ? (
        <ErrorMessage error={res.error} onRetry={() => void res.refetch()} />
      ) : a ? (
        <>
          <div className="card toolbar">
            <ConnectButton assistant={a} />
            <DeleteButton assistant={a} />
          </div>
          <AssistantEditor original={a} onSaved={(saved) => queryClient.setQueryData(queries.assistant(a.id).queryKey, saved)} />
        </>
      ) : null}
    </>
  );
}
