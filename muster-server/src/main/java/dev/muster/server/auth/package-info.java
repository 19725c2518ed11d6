/**
 * Who may call the server: API tokens ({@code Authorization: Bearer mst_...}) and dashboard
 * sessions (an HttpOnly, SameSite=Strict cookie; a CSRF token per session for form posts), and
 * roles per environment: viewer reads, operator runs, applies, cancels and approves, admin also
 * manages schedules, tokens, users and grants. Grants name a subject (a user, or the owner a token
 * acts as), an environment (or {@code *}) and a role; hosts without an environment belong to
 * {@code default}.
 */
package dev.muster.server.auth;
