# The app servers behind Varnish: included by yhdessa.vcl, edited per server.
# One backend per gunicorn instance (deploy/systemd/yhdessa-web@.service, the port is the
# instance's name), each added to the round robin in vcl_init.

# Whether an instance answers: the home page (served from the page cache, so cheap; a 503
# while the database is away marks every instance sick, and Varnish then serves what it
# has for up to a day, see vcl_recv). The probe asks as a visitor would: for the site's
# host name (ALLOWED_HOSTS) over https (the TLS terminator's X-Forwarded-Proto), else the
# app answers 400 or a redirect.
probe yhdessa_health {
    .request =
        "GET / HTTP/1.1"
        "Host: yhdessa.example.fi"
        "X-Forwarded-Proto: https"
        "Connection: close";
    .timeout = 5s;
    .interval = 5s;
    .window = 5;
    .threshold = 3;
    .initial = 3;
    .expected_response = 200;
}

backend web_8001 {
    .host = "127.0.0.1";
    .port = "8001";
    .probe = yhdessa_health;
    .first_byte_timeout = 60s;
}

backend web_8002 {
    .host = "127.0.0.1";
    .port = "8002";
    .probe = yhdessa_health;
    .first_byte_timeout = 60s;
}

sub vcl_init {
    yhdessa_web.add_backend(web_8001);
    yhdessa_web.add_backend(web_8002);
}
