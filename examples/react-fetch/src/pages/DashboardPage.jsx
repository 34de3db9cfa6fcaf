import { useCallback, useEffect, useState } from 'react';
import { getJSON, SessionExpiredError } from '../api/http.js';
import { useAuth } from '../auth/AuthContext.jsx';
import Spinner from '../components/Spinner.jsx';

export default function DashboardPage() {
  const { user, logout } = useAuth();
  const [me, setMe] = useState(null);
  const [projects, setProjects] = useState(null);
  const [activity, setActivity] = useState(null);
  const [pending, setPending] = useState(0);
  const [error, setError] = useState(null);

  const load = useCallback(() => {
    setError(null);
    const track = (request, apply) => {
      setPending((n) => n + 1);
      request
        .then(apply, (err) => {
          // An expired session takes the user to the sign-in page; any
          // other failure is shown here.
          if (!(err instanceof SessionExpiredError)) {
            setError(err.message);
          }
        })
        .finally(() => setPending((n) => n - 1));
    };
    track(getJSON('/api/me'), setMe);
    track(getJSON('/api/projects'), (data) => setProjects(data.projects ?? []));
    track(getJSON('/api/activity'), (data) => setActivity(data.events ?? []));
  }, []);

  useEffect(() => {
    load();
  }, [load]);

  return (
    <main className="dashboard" aria-busy={pending > 0}>
      <header className="topbar">
        <h1>Projects</h1>
        <span className="user-name">{me?.name ?? user?.email}</span>
        <button type="button" className="sign-out" onClick={logout}>
          Sign out
        </button>
      </header>

      <div className="toolbar">
        <button type="button" className="reload" onClick={load}>
          Reload
        </button>
        {pending > 0 && <Spinner label="Loading" />}
      </div>

      {error && (
        <div className="error-banner" role="alert">
          Something went wrong while loading your data: {error}
        </div>
      )}

      <section>
        <h2>Your projects</h2>
        {projects && (
          <ul className="project-list">
            {projects.map((p) => (
              <li key={p.id}>
                <span className="project-name">{p.name}</span>
                <span className={`badge badge-${p.status}`}>{p.status}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section>
        <h2>Recent activity</h2>
        {activity && (
          <ul className="activity-list">
            {activity.map((e) => (
              <li key={e.id}>
                <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time> {e.text}
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
