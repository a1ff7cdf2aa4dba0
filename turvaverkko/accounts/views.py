from django.http import HttpResponse


def two_factor(request):
    return HttpResponse("TODO")
