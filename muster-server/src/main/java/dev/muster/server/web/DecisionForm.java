package dev.muster.server.web;

import dev.muster.server.auth.Principal;

/**
 * The approve / deny form of a run waiting at an approve step: one note field, Approve, and Deny
 * (which cancels the run, so it asks first and wants a note saying why). Posted to
 * {@code /runs/{id}/approve} or {@code /runs/{id}/deny}; {@code back} says where to return.
 */
final class DecisionForm {
    /** Asks before a deny and wants its note (the server refuses a denial without one, too). */
    static final String SCRIPT = """
            <script>
            document.querySelectorAll('button[data-deny]').forEach(function(b){b.addEventListener('click',function(e){
              var n=b.form.elements.note;if(!n.value.trim()){e.preventDefault();n.setCustomValidity('Say why you deny');
              n.reportValidity();n.addEventListener('input',function(){n.setCustomValidity('');},{once:true});return;}
              if(!window.confirm(b.dataset.deny))e.preventDefault();});});
            </script>""";

    private DecisionForm() {
    }

    /** @param single true on a run's page (element ids), false in the approvals list (classes only) */
    static void append(StringBuilder sb, Principal p, String runId, String back, boolean single) {
        String path = "/runs/" + Html.seg(runId);
        sb.append("<form method=post class=decide action=\"").append(path).append("/approve\">").append(Html.csrf(p))
                .append("<input type=hidden name=back value=").append(back).append("><label>Note <input name=note ")
                .append("size=24 maxlength=").append(dev.muster.server.http.Approvals.NOTE_CHARS)
                .append(" autocomplete=off></label> <button").append(single ? " id=approve" : "")
                .append(" class=approve>Approve</button> <button").append(single ? " id=deny" : "")
                .append(" class=deny formaction=\"").append(path).append("/deny\" data-deny=\"Deny and cancel run ")
                .append(Html.esc(runId)).append("? Hosts not yet done are stopped.\">Deny</button></form>");
    }
}
