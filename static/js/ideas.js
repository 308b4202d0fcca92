/*
 * Idea wall: votes and comments without a page reload.
 *
 * Progressive enhancement only. Every form works without this script (a normal
 * POST and a redirect back); here the same form is sent with fetch() and
 * `Accept: application/json`, and the server answers from the same view with the
 * same rules. All words come from the server, already translated, so this file
 * has no text of its own. If anything unexpected comes back, the form is simply
 * sent the ordinary way.
 */
(function () {
    "use strict";

    var live = document.querySelector("[data-idea-live]");

    function announce(message) {
        if (!live || !message) {
            return;
        }
        // Emptying first makes screen readers announce the same message twice in a row.
        live.textContent = "";
        window.setTimeout(function () {
            live.textContent = message;
        }, 50);
    }

    function send(form) {
        return fetch(form.action, {
            method: "POST",
            body: new FormData(form),
            credentials: "same-origin",
            headers: { Accept: "application/json", "X-Requested-With": "fetch" },
        }).then(function (response) {
            var type = response.headers.get("Content-Type") || "";
            if (type.indexOf("application/json") === -1) {
                throw new Error("not json");
            }
            return response.json().then(function (data) {
                return { status: response.status, data: data };
            });
        });
    }

    function fallBack(form) {
        // HTMLFormElement.submit() does not fire "submit" again, so this is the plain POST.
        form.submit();
    }

    function showFormMessage(form, message) {
        var box = form.querySelector("[data-form-message]");
        if (!box) {
            box = document.createElement("p");
            box.className = "notice notice--error";
            box.setAttribute("data-form-message", "");
            form.insertBefore(box, form.firstChild);
        }
        box.textContent = message;
    }

    function clearFormMessage(form) {
        var box = form.querySelector("[data-form-message]");
        if (box) {
            box.remove();
        }
    }

    // One request at a time per form; a refusal shows its message, a redirect to sign in
    // is followed, and anything unexpected falls back to the ordinary POST.
    function submitWithFetch(event, buttonSelector, onRefused, onDone) {
        var form = event.target;
        event.preventDefault();
        if (form.dataset.busy) {
            return;
        }
        form.dataset.busy = "1";
        var button = form.querySelector(buttonSelector);
        button.setAttribute("aria-busy", "true");
        send(form)
            .then(function (result) {
                var data = result.data;
                if (data.ok) {
                    onDone(form, data, button);
                } else if (data.login_url) {
                    window.location.href = data.login_url;
                } else {
                    onRefused(form, data);
                    announce(data.message);
                }
            })
            .catch(function () {
                fallBack(form);
            })
            .finally(function () {
                delete form.dataset.busy;
                button.removeAttribute("aria-busy");
            });
    }

    // --- Votes -------------------------------------------------------------------

    function onVote(event) {
        submitWithFetch(
            event,
            "button",
            function (form, data) {
                showFormMessage(form, data.message);
            },
            function (form, data, button) {
                clearFormMessage(form);
                button.setAttribute("aria-pressed", data.voted ? "true" : "false");
                form.querySelector("[data-vote-label]").textContent = data.button_text;
                form.querySelector("[data-vote-intent]").value = data.next_intent;
                form.querySelector("[data-vote-count]").textContent = data.vote_count_text;
                announce(data.message + " " + data.vote_count_text);
            }
        );
    }

    // --- Comments ----------------------------------------------------------------

    function fieldErrors(form, errors) {
        form.querySelectorAll("[data-js-error]").forEach(function (node) {
            node.remove();
        });
        form.querySelectorAll("[aria-invalid]").forEach(function (node) {
            node.removeAttribute("aria-invalid");
        });
        var first = null;
        Object.keys(errors || {}).forEach(function (name) {
            var input = form.querySelector('[name="' + name + '"]');
            if (!input || input.type === "hidden") {
                showFormMessage(form, errors[name].join(" "));
                return;
            }
            var list = document.createElement("ul");
            list.className = "errorlist";
            list.id = input.id + "_error";
            list.setAttribute("data-js-error", "");
            errors[name].forEach(function (text) {
                var item = document.createElement("li");
                item.textContent = text;
                list.appendChild(item);
            });
            input.parentNode.insertBefore(list, input);
            input.setAttribute("aria-invalid", "true");
            var described = (input.getAttribute("aria-describedby") || "").split(" ");
            if (described.indexOf(list.id) === -1) {
                described.push(list.id);
                input.setAttribute("aria-describedby", described.join(" ").trim());
            }
            first = first || input;
        });
        if (first) {
            first.focus();
        }
    }

    function insertComment(form, data) {
        var holder = document.createElement("div");
        holder.innerHTML = data.html; // rendered by the server's template, text escaped there
        var item = holder.firstElementChild;
        var list;
        if (data.parent) {
            var parent = document.getElementById("comment-" + data.parent);
            list = parent && parent.querySelector("[data-replies]");
        } else {
            list = document.querySelector("[data-comments]");
        }
        if (!list) {
            return false;
        }
        if (!data.parent && list.dataset.order === "uusimmat") {
            list.insertBefore(item, list.firstChild);
        } else {
            list.appendChild(item);
        }
        var empty = document.querySelector("[data-no-comments]");
        if (empty) {
            empty.remove();
        }
        document.querySelectorAll("[data-comment-count]").forEach(function (node) {
            node.textContent = data.comment_count;
        });
        return true;
    }

    function onComment(event) {
        submitWithFetch(
            event,
            "button[type=submit]",
            function (form, data) {
                if (data.errors) {
                    fieldErrors(form, data.errors);
                } else {
                    showFormMessage(form, data.message);
                }
            },
            function (form, data) {
                if (!insertComment(form, data)) {
                    window.location.reload();
                    return;
                }
                clearFormMessage(form);
                fieldErrors(form, {});
                form.reset();
                var reply = form.closest("details");
                if (reply) {
                    reply.open = false;
                    reply.querySelector("summary").focus();
                }
                announce(data.message);
            }
        );
    }

    document.addEventListener("submit", function (event) {
        var form = event.target;
        if (!window.fetch || !window.FormData) {
            return;
        }
        if (form.matches("[data-idea-vote]")) {
            onVote(event);
        } else if (form.matches("[data-idea-comment]")) {
            onComment(event);
        }
    });

    // After a server-side check failed, take the keyboard to the summary of problems.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
        summary.focus();
    }
})();
