def test_home_is_served_in_finnish(client, db):
    response = client.get("/fi/")
    assert response.status_code == 200
    assert 'lang="fi"' in response.content.decode()


def test_root_redirects_to_a_language(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] in ("/fi/", "/sv/", "/en/")


def test_personas_can_log_in(client_as, personas):
    response = client_as("kaisa").get("/fi/dashboard/")
    assert response.status_code == 200
