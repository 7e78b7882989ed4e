from tests.app.auth_helpers import signed_in_as


def test_an_admin_who_signs_in_sees_the_start_page(client):
    signed_in_as(client, "admin")
    response = client.get("/")
    assert response.status_code == 200
    assert "Open meeting requests" in response.get_data(as_text=True)
