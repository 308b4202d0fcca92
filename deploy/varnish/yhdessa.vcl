vcl 4.1;
# Yhdessä behind Varnish 7.1 (Debian's varnish package); see docs/operating.md.
#
# Install as /etc/yhdessa/yhdessa.vcl beside yhdessa-backends.vcl, which is the part that
# differs between servers: the site's host name for the health probe and one `backend`
# per gunicorn instance (yhdessa-web@<port>.service). varnishd runs with
# -f /etc/yhdessa/yhdessa.vcl (deploy/systemd/varnish.service.d/yhdessa.conf).
#
# What is stored is decided by the app: an answer is kept only when it says so with
# `Cache-Control: public, s-maxage=N` (core/page_cache.py), for N seconds. Anything personal
# (a session or messages cookie, Authorization, the admin, /tili/, any write) goes
# straight to the app, and an answer that is private, no-store or sets a cookie is never
# stored. When a page changes the app sends `PURGE <path>` (core/purge.py through Wagtail's
# frontend cache): every stored variant of that path on that Host goes, whatever its query.

import directors;
import std;

# Only the machine itself may purge: the app servers run beside Varnish. List other
# app servers' addresses here when they run elsewhere.
acl yhdessa_purgers {
    "127.0.0.1";
    "::1";
}

# Proxies whose X-Forwarded-Proto is believed: the TLS terminator in front (on this
# machine). Anyone else's is replaced, so that no visitor can claim https over http.
acl yhdessa_tls_terminators {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    # Round robin over the healthy instances; yhdessa-backends.vcl adds them (its
    # vcl_init runs after this one, Varnish joins subroutines of one name in order).
    new yhdessa_web = directors.round_robin();
}

include "yhdessa-backends.vcl";

sub vcl_recv {
    set req.backend_hint = yhdessa_web.backend();
    # Grace: while the app servers are healthy a stale object is served for at most 10 s
    # while a fresh one is fetched; while none answers (a restart), for up to a day.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }

    if (req.method == "PURGE") {
        if (client.ip !~ yhdessa_purgers) {
            return (synth(405, "Not allowed"));
        }
        # Bans on obj.* only, so the ban lurker clears them in the background and the
        # list stays short. `/*` is every page of the Host (core.purge.purge_site). The
        # values go unquoted (a ban's words are split at spaces, quotes would be kept as
        # part of the value); a path's spaces are %20 in any request line.
        if (req.url == "/*") {
            std.ban("obj.http.x-host == " + req.http.host);
        } else {
            std.ban("obj.http.x-host == " + req.http.host
                + " && obj.http.x-path == " + regsub(req.url, "\?.*$", ""));
        }
        if (std.ban_error() != "") {
            return (synth(400, std.ban_error()));
        }
        return (synth(200, "Purged"));
    }

    if (client.ip !~ yhdessa_tls_terminators || !req.http.X-Forwarded-Proto) {
        set req.http.X-Forwarded-Proto = "http";
    }
    # (Varnish itself appends the client's address to X-Forwarded-For; the app counts
    # visitors by it when TRUSTED_PROXY_COUNT says how many proxies added to it.)

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin and the account pages (in any language) are personal whoever asks.
    if (req.url ~ "^/((sv|en)/)?(admin|tili)(/|$)") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # A signed-in visitor (sessionid) or one with a message waiting (messages) gets
    # their own page. Every other cookie (csrftoken, analytics) changes nothing the app
    # shows an anonymous visitor, and would split the cache: it goes.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    # http answers redirect to https: never give one to the other.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    # What lets a PURGE of the path find every query variant of it (see vcl_recv).
    set beresp.http.x-host = bereq.http.host;
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");
    set beresp.grace = 24h;

    if (beresp.http.Set-Cookie
            || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
            || beresp.http.Cache-Control !~ "(s-maxage|public)"
            || beresp.status >= 500) {
        # Not for sharing. Remember that for a short while (hit-for-miss), so that
        # requests for it go straight to the app instead of queueing behind each other.
        set beresp.ttl = 30s;
        set beresp.grace = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # Otherwise Varnish takes the lifetime from s-maxage (before max-age), as the app set.
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-host;
    unset resp.http.x-path;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
