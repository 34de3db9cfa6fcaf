import { useEffect } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { AuthProvider, useAuth } from './auth/AuthContext.jsx';
import Spinner from './components/Spinner.jsx';
import DashboardPage from './pages/DashboardPage.jsx';
import LoginPage from './pages/LoginPage.jsx';

export default function App() {
  return (
    <AuthProvider>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          path="/"
          element={
            <RequireAuth>
              <DashboardPage />
            </RequireAuth>
          }
        />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </AuthProvider>
  );
}

function RequireAuth({ children }) {
  const { status, reason, checkSession } = useAuth();

  useEffect(() => {
    if (status === 'unknown') {
      checkSession();
    }
  }, [status, checkSession]);

  if (status === 'signed-in') {
    return children;
  }
  if (status === 'signed-out') {
    return <Navigate to={reason === 'expired' ? '/login?expired=1' : '/login'} replace />;
  }
  return (
    <div className="page-loading">
      <Spinner label="Loading your session" />
    </div>
  );
}
