package dev.muster.server.web;

import dev.muster.server.auth.Principal;
import dev.muster.server.auth.Role;
import dev.muster.server.http.ApiError;
import dev.muster.server.http.ScheduleEditor;
import dev.muster.server.http.ServerContext;
import dev.muster.server.schedule.MisfirePolicy;
import dev.muster.server.schedule.OverlapPolicy;
import dev.muster.server.schedule.Schedule;
import dev.muster.server.schedule.ScheduleRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /schedules}: the schedules a viewer may see, what each runs in words, and for admins a
 * form to create or edit one ({@code ?edit=NAME}), Pause/Resume and Delete (asked first). The forms
 * go through {@link ScheduleEditor}, as the API does; each action is audited, refusals included.
 */
final class SchedulePages {
    static final int PAGE = 100;

    private final ServerContext sc;
    private final ScheduleEditor editor;

    SchedulePages(ServerContext sc) {
        this.sc = sc;
        this.editor = new ScheduleEditor(sc);
    }

    void register(RoutesConfig r) {
        r.get("/schedules", this::list);
        r.post("/schedules", this::save);
        r.post("/schedules/{name}/pause", ctx -> enable(ctx, false));
        r.post("/schedules/{name}/resume", ctx -> enable(ctx, true));
        r.post("/schedules/{name}/delete", this::delete);
    }

    private void list(Context ctx) {
        Optional<Principal> login = Dashboard.login(sc, ctx);
        if (login.isPresent()) {
            sc.requireAnywhere(login.get(), Role.VIEWER);
            Schedule editing = ctx.queryParam("edit") == null ? null
                    : sc.store().schedules().get(ctx.queryParam("edit")).orElse(null);
            render(ctx, login.get(), 200, "", editing == null ? Map.of() : fields(editing));
        }
    }

    private void render(Context ctx, Principal p, int status, String alert, Map<String, String> form) {
        List<Schedule> all = sc.store().schedules().list().stream()
                .filter(s -> p.may(Role.VIEWER, editor.environments(s))).toList();
        int page = Dashboard.number(ctx, "page");
        int from = Math.min(page * PAGE, all.size());
        int to = Math.min(from + PAGE, all.size());
        StringBuilder sb = new StringBuilder(8192).append("<h1>Schedules</h1>");
        if (!alert.isEmpty()) {
            sb.append("<p class=alert role=alert>").append(Html.esc(alert)).append("</p>");
        }
        sb.append("<div class=scroll><table id=schedules><thead><tr><th scope=col>name</th><th scope=col>cron</th>"
                + "<th scope=col>zone</th><th scope=col>what</th><th scope=col>misfire</th><th scope=col>overlap</th>"
                + "<th scope=col>state</th><th scope=col>next firing (UTC)</th><th scope=col>last run</th>"
                + "<th scope=col><span class=sr>actions</span></th></tr></thead><tbody>");
        java.time.Instant now = sc.clock().instant();
        for (Schedule s : all.subList(from, to)) {
            sb.append("<tr data-schedule=\"").append(Html.esc(s.name())).append("\"><td>").append(Html.esc(s.name()))
                    .append("</td><td><code>").append(Html.esc(s.cron().expression())).append("</code></td><td>")
                    .append(Html.esc(s.cron().zone().getId())).append("</td><td>").append(target(s.target()))
                    .append("</td><td>").append(s.misfire().key()).append("</td><td>").append(s.overlap().key())
                    .append("</td><td class=").append(s.enabled() ? "ok>active" : "cancelled>paused").append("</td><td class=next>")
                    .append(s.enabled() ? s.cron().next(now).map(Html::esc).orElse("never") : "–").append("</td><td class=last>");
            lastRun(sb, s.name());
            sb.append("</td><td>");
            if (p.may(Role.ADMIN, editor.environments(s))) {
                String base = "/schedules/" + Html.seg(s.name());
                sb.append("<a href=\"/schedules?edit=").append(Html.seg(s.name())).append("#edit\">Edit</a> ")
                        .append(action(p, base + (s.enabled() ? "/pause" : "/resume"), s.enabled() ? "Pause" : "Resume", null))
                        .append(action(p, base + "/delete", "Delete", "Delete schedule " + s.name() + "?"));
            }
            sb.append("</td></tr>");
        }
        if (all.isEmpty()) {
            sb.append("<tr><td colspan=10 class=empty>No schedules you may see.</td></tr>");
        }
        sb.append("</tbody></table></div><p>");
        if (page > 0) {
            sb.append("<a rel=prev href=\"/schedules?page=").append(page - 1).append("\">Previous</a> ");
        }
        if (to < all.size()) {
            sb.append("<a rel=next href=\"/schedules?page=").append(page + 1).append("\">Next</a>");
        }
        sb.append("</p>");
        if (p.holdsAnywhere(Role.ADMIN)) {
            form(sb, p, form);
        }
        sb.append(CONFIRM);
        Html.send(ctx, status, "Schedules", p, sb);
    }

    /** The newest firing: when, and its run's verdict (a firing skipped or missed says so). */
    private void lastRun(StringBuilder sb, String name) {
        var fired = sc.store().schedules().firings(name, 1);
        if (fired.isEmpty()) {
            sb.append("never fired");
            return;
        }
        var f = fired.getFirst();
        var run = f.runId() == null ? java.util.Optional.<dev.muster.server.store.StoredRun>empty()
                : sc.store().runs().get(f.runId());
        if (run.isPresent()) {
            String verdict = dev.muster.server.http.RunVerdict.of(run.get()).key();
            sb.append("<a href=\"/runs/").append(Html.seg(f.runId())).append("\" class=\"badge ").append(verdict)
                    .append("\">").append(verdict).append("</a> ");
        } else {
            sb.append(Html.esc(f.outcome().key())).append(' ');
        }
        sb.append(Html.esc(f.firedAt()));
    }

    private static String action(Principal p, String path, String label, String confirm) {
        return "<form method=post class=inline action=\"" + path + "\"" + (confirm == null ? ""
                : " data-confirm=\"" + Html.esc(confirm) + "\"") + ">" + Html.csrf(p) + "<button>" + label
                + "</button></form> ";
    }

    private void form(StringBuilder sb, Principal p, Map<String, String> f) {
        sb.append("<h2 id=edit>").append(f.containsKey("name") ? "Edit or create" : "New schedule")
                .append("</h2><form method=post action=\"/schedules\" id=schedule-form>").append(Html.csrf(p));
        field(sb, "name", "Name", f, "nightly-uptime", true);
        field(sb, "cron", "Cron (min hour day month weekday)", f, "0 2 * * *", true);
        field(sb, "zone", "Time zone", f, "UTC", false);
        field(sb, "selector", "Hosts", f, "@web", false);
        field(sb, "command", "Command", f, "uptime", false);
        field(sb, "plan", "or plan file", f, "deploy.yaml", false);
        sb.append("<label>Misfire <select name=misfire>");
        for (MisfirePolicy m : MisfirePolicy.values()) {
            sb.append("<option").append(m.key().equals(f.get("misfire")) ? " selected" : "").append('>').append(m.key())
                    .append("</option>");
        }
        sb.append("</select></label> <label>Overlap <select name=overlap>");
        for (OverlapPolicy o : OverlapPolicy.values()) {
            sb.append("<option").append(o.key().equals(f.get("overlap")) ? " selected" : "").append('>').append(o.key())
                    .append("</option>");
        }
        sb.append("</select></label> <label><input type=checkbox name=paused value=yes")
                .append("false".equals(f.get("enabled")) ? " checked" : "").append("> paused</label> ")
                .append("<button>Save schedule</button></form>");
        if (f.containsKey("commandHidden")) {
            sb.append("<p>The command holds a secret reference and is not shown: type it again to change it.</p>");
        }
    }

    private static void field(StringBuilder sb, String name, String label, Map<String, String> f, String placeholder,
                              boolean required) {
        sb.append("<label>").append(label).append(" <input name=").append(name).append(" size=20 placeholder=\"")
                .append(Html.esc(placeholder)).append("\" value=\"").append(Html.esc(f.getOrDefault(name, "")))
                .append('"').append(required ? " required" : "").append("></label> ");
    }

    /** The form's fields for an existing schedule; a command with a secret reference is left blank. */
    private Map<String, String> fields(Schedule s) {
        Map<String, String> f = new java.util.HashMap<>();
        f.put("name", s.name());
        f.put("cron", s.cron().expression());
        f.put("zone", s.cron().zone().getId());
        f.put("misfire", s.misfire().key());
        f.put("overlap", s.overlap().key());
        f.put("enabled", String.valueOf(s.enabled()));
        for (String k : List.of("selector", "plan")) {
            if (s.target().get(k) != null) {
                f.put(k, sc.secrets().display(String.valueOf(s.target().get(k))));
            }
        }
        Object command = s.target().get("command");
        if (command != null) {
            String shown = sc.secrets().display(String.valueOf(command));
            if (shown.equals(String.valueOf(command))) {
                f.put("command", shown);
            } else {
                f.put("commandHidden", "yes");
            }
        }
        return f;
    }

    private void save(Context ctx) {
        Principal p = sc.sessionPrincipal(ctx).orElseThrow(ApiError::unauthorized);
        String name = blank(ctx.formParam("name"));
        Set<String>[] envs = new Set[] {Set.of()};
        ScheduleRequest request = new ScheduleRequest(name, blank(ctx.formParam("cron")), blank(ctx.formParam("zone")),
                blank(ctx.formParam("plan")), null, blank(ctx.formParam("selector")), blank(ctx.formParam("command")),
                blank(ctx.formParam("misfire")), blank(ctx.formParam("overlap")));
        try {
            ScheduleEditor.Saved saved = editor.save(p, request, !"yes".equals(ctx.formParam("paused")),
                    e -> envs[0] = e);
            sc.audit(p, "schedule.save", "schedule " + name, "ok", null, saved.environments());
            ctx.redirect("/schedules", io.javalin.http.HttpStatus.SEE_OTHER);
        } catch (ApiError | dev.muster.core.InputException e) {
            int status = e instanceof ApiError a ? a.status() : 400;
            sc.audit(p, "schedule.save", "schedule " + name, status == 403 ? "denied" : "rejected", e.getMessage(),
                    envs[0]);
            Map<String, String> typed = new java.util.HashMap<>();
            for (String k : List.of("name", "cron", "zone", "selector", "plan", "misfire", "overlap")) {
                typed.put(k, ctx.formParam(k) == null ? "" : sc.secrets().display(ctx.formParam(k)));
            }
            render(ctx, p, status, sc.secrets().display(e.getMessage()), typed);
        }
    }

    private void enable(Context ctx, boolean enabled) {
        Principal p = sc.sessionPrincipal(ctx).orElseThrow(ApiError::unauthorized);
        String name = ctx.pathParam("name");
        String action = enabled ? "schedule.resume" : "schedule.pause";
        Set<String>[] envs = new Set[] {Set.of()};
        try {
            editor.enable(p, name, enabled, e -> envs[0] = e);
            sc.audit(p, action, "schedule " + name, "ok", null, envs[0]);
        } catch (ApiError e) {
            sc.audit(p, action, "schedule " + name, e.status() == 403 ? "denied" : "rejected", e.getMessage(), envs[0]);
            throw e;
        }
        ctx.redirect("/schedules", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void delete(Context ctx) {
        Principal p = sc.sessionPrincipal(ctx).orElseThrow(ApiError::unauthorized);
        String name = ctx.pathParam("name");
        Set<String>[] envs = new Set[] {Set.of()};
        try {
            editor.delete(p, name, e -> envs[0] = e);
            sc.audit(p, "schedule.delete", "schedule " + name, "ok", null, envs[0]);
        } catch (ApiError e) {
            sc.audit(p, "schedule.delete", "schedule " + name, e.status() == 403 ? "denied" : "rejected",
                    e.getMessage(), envs[0]);
            throw e;
        }
        ctx.redirect("/schedules", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /**
     * What a schedule runs in words: "command on selector", "plan FILE", "inspection FILE", or its
     * fields as "key: value" (secret references masked), never a raw map.
     */
    private String target(Map<String, Object> t) {
        java.util.function.Function<Object, String> shown = v -> Html.esc(sc.secrets().display(String.valueOf(v)));
        if (t.get("command") != null && t.get("selector") != null) {
            return "<code>" + shown.apply(t.get("command")) + "</code> on <code>" + shown.apply(t.get("selector")) + "</code>";
        }
        for (String kind : List.of("plan", "inspection")) {
            if (t.get(kind) != null) {
                return kind + " <code>" + shown.apply(t.get(kind)) + "</code>";
            }
        }
        StringBuilder sb = new StringBuilder();
        new java.util.TreeMap<>(t).forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "; ").append(Html.esc(k)).append(": ")
                .append(shown.apply(v)));
        return sb.toString();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Asks before a form with data-confirm is sent (Delete). */
    private static final String CONFIRM = """
            <script>
            document.querySelectorAll('form[data-confirm]').forEach(function(f){f.addEventListener('submit',function(e){
              if(!window.confirm(f.dataset.confirm))e.preventDefault();});});
            </script>""";
}
