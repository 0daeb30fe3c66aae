vcl 4.1;
# The edge: Varnish 7 in front of the app servers (README, "Production"; alliances/caching/README.md).
#
# It keeps what the app marks `public` (anonymous answers of the pages, the API, the map, the feeds,
# the sitemap and the download), for the edge lifetime the app gives (s-maxage), with the app's
# surrogate keys (xkey), which it removes before answering. A write's purges are soft: the crowd
# keeps the old answer while one request fetches the new (request coalescing and grace). The app
# at backend.vcl's address, written by scripts/edge (make serve, make bench, the edge tests).

import cookie;
import std;
import vsthrottle;
import xkey;

probe app_health {
    .url = "/healthz";
    .interval = 2s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
}

include "backend.vcl";

# Who may purge: the app servers (their EDGE_PURGE_URLS names this edge).
acl purgers {
    "127.0.0.1";
    "::1";
}

# Proxies in front of the edge (a TLS terminator) whose X-Forwarded-For and -Proto are believed.
acl proxies {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-softpurge) {
            return (synth(400, "Name the keys in xkey-softpurge"));
        }
        set req.http.n-gone = xkey.softpurge(req.http.xkey-softpurge);
        return (synth(200, "Soft-purged " + req.http.n-gone));
    }
    # Varnish has appended the connection's address to X-Forwarded-For: behind a trusted proxy
    # the client is the address that proxy appended before it.
    if (client.ip ~ proxies && req.http.X-Forwarded-For ~ ",") {
        set client.identity = regsub(req.http.X-Forwarded-For, "^(.*,)?\s*([^,\s]+)\s*,[^,]*$", "\2");
    }
    if (client.ip !~ proxies) {
        unset req.http.X-Forwarded-Proto;
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin/|healthz|readyz|i18n/)" || req.http.Authorization) {
        return (pass);
    }
    # Only a session or waiting messages can make an answer someone's own; the app reads no other cookie here.
    cookie.parse(req.http.Cookie);
    cookie.keep("sessionid,messages");
    set req.http.Cookie = cookie.get_string();
    if (req.http.Cookie != "") {
        return (pass);
    }
    unset req.http.Cookie;
    # The app answers in the language of the address, not of the browser.
    unset req.http.Accept-Language;
    # A client that takes no gzip gets an answer of its own, fetched and kept unzipped (vcl_backend_fetch), not the
    # zipped one (the app zips the map) unzipped again for every request.
    if (req.http.Accept-Encoding ~ "gzip") {
        unset req.http.X-Plain;
    } else {
        set req.http.X-Plain = "1";
    }
    if (req.url ~ "^/api/" && (!req.http.Accept || req.http.Accept == "*/*")) {
        set req.http.Accept = "application/json";
    }
    # Parameters that only track the reader, and the order of the rest, make no other answer.
    set req.url = regsuball(req.url, "([?&])(utm_[a-z_]+|gclid|fbclid|_)=[^&]*", "\1");
    set req.url = regsuball(req.url, "&&+", "&");
    set req.url = regsub(req.url, "[?&]+$", "");
    set req.url = regsub(req.url, "\?&", "?");
    set req.url = std.querysort(req.url);
    # A stale answer is served while it is fetched anew for at most EDGE_STALE_WHILE_REVALIDATE seconds
    # (60) while the app answers: past that the crowd waits on one fetch. While the app fails, any
    # answer within its stale-if-error is served.
    if (std.healthy(req.backend_hint)) {
        set req.grace = std.duration(std.getenv("EDGE_STALE_WHILE_REVALIDATE") + "s", 60s);
    }
    return (hash);
}

sub vcl_hash {
    # An answer over plain HTTP is a redirect; one over HTTPS is the page.
    hash_data(req.http.X-Forwarded-Proto);
    hash_data(req.http.X-Plain);
}

sub vcl_backend_fetch {
    if (bereq.http.X-Plain) {
        unset bereq.http.Accept-Encoding;
    }
    unset bereq.http.X-Plain;
}

# What reaches the app is limited per client: EDGE_MISSES_PER_MINUTE (300) misses and passes a minute.
sub limit_misses {
    if (req.url !~ "^/(admin/|healthz|readyz)" && vsthrottle.is_denied(
        "misses:" + client.identity, std.integer(std.getenv("EDGE_MISSES_PER_MINUTE"), 300), 60s)) {
        return (synth(429, "Too Many Requests"));
    }
}

sub vcl_miss {
    call limit_misses;
}

sub vcl_pass {
    call limit_misses;
}

sub vcl_backend_response {
    # 5xx while refreshing a stale answer: keep serving the stale one.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    # Kept only what the app says anyone may have: never an error, a cookie, or a curator's answer.
    if (beresp.status != 200 || beresp.http.Cache-Control !~ "public" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
        return (deliver);
    }
    # Varnish read stale-while-revalidate into grace; it lasts as long as stale-if-error.
    if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Cache-Control, "^.*stale-if-error=([0-9]+).*$", "\1s"), beresp.grace);
    }
}

sub vcl_backend_error {
    # A worker that died mid-request, or an app server restarting: ask again.
    if (bereq.retries < 3 && (bereq.method == "GET" || bereq.method == "HEAD")) {
        return (retry);
    }
}

sub vcl_deliver {
    unset resp.http.xkey;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "pass";
    } elsif (obj.ttl <= 0s) {
        set resp.http.X-Cache = "stale";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}

sub vcl_synth {
    if (resp.status == 429) {
        set resp.http.Retry-After = "10";
    }
}
