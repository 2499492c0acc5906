/** The signed-in admin, as the session routes answer. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export interface AdminUser {
  id: number;
  email: string;
  nombre: string;
  rol: 'super_admin' | 'cliente_admin';
  empresa_id: string | null;
  activo: boolean;
}

export interface Session {
  user: AdminUser;
  csrf_token: string;
}

export const SessionContext = createContext<AdminUser | undefined>(undefined);

export function useAdmin(): AdminUser {
  const admin = useContext(SessionContext);
  if (!admin) throw new Error('useAdmin outside a session');
  return admin;
}
