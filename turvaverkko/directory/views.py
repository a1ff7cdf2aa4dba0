from django.shortcuts import render


def search(request):
    """Placeholder until the public search lands."""
    return render(request, "directory/search.html")
