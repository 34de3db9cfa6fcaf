import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import * as authApi from '@/api/auth';

// The tokens live here, in memory only: a page reload signs the user out.
export const useAuthStore = defineStore('auth', () => {
  const accessToken = ref(null);
  const refreshToken = ref(null);
  const username = ref(null);
  // Why the user was signed out: 'expired' when the session could not be
  // renewed, null otherwise.
  const signedOutReason = ref(null);

  const isAuthenticated = computed(() => accessToken.value !== null);

  function setTokens(data) {
    if (!data?.access_token || !data?.refresh_token) {
      throw new Error('The server answered without tokens.');
    }
    accessToken.value = data.access_token;
    refreshToken.value = data.refresh_token;
  }

  async function login(name, password) {
    const data = await authApi.login(name, password);
    setTokens(data);
    username.value = data.user ?? name;
    signedOutReason.value = null;
  }

  // logout forgets the tokens at once and revokes the refresh token in the
  // background, without waiting for the server.
  function logout(reason = null) {
    const token = refreshToken.value;
    accessToken.value = null;
    refreshToken.value = null;
    username.value = null;
    signedOutReason.value = reason;
    if (token) {
      authApi.revoke(token);
    }
  }

  return { accessToken, refreshToken, username, signedOutReason, isAuthenticated, setTokens, login, logout };
});
