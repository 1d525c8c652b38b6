from django.urls import path
from django.views.decorators.http import conditional_page

from programme.platform.conditional import steady
from workshops.views import calendars as workshop_calendars

from .feeds import SiteNewsAtomFeed, SiteNewsFeed
from .views import cards, discussions, editing, public

app_name = "townhall"

urlpatterns = [
    path("<slug:site>/", public.home, name="home"),
    path(
        "<slug:site>/workshops.ics",
        workshop_calendars.site_workshops_ics,
        name="site_workshops_ics",
    ),
    path("<slug:site>/edit/", editing.dashboard, name="dashboard"),
    path("<slug:site>/edit/new/", editing.new_page, name="new_page"),
    path("<slug:site>/edit/editors/", editing.permit_editor, name="permit_editor"),
    path("<slug:site>/editors/accept/<str:token>/", editing.accept_editor, name="accept_editor"),
    path(
        "<slug:site>/edit/editors/<int:pk>/withdraw/",
        editing.withdraw_editor,
        name="withdraw_editor",
    ),
    path("<slug:site>/edit/pages/<int:pk>/", editing.edit_page, name="edit_page"),
    path("<slug:site>/edit/pages/<int:pk>/blocks/add/", editing.add_block, name="add_block"),
    path("<slug:site>/edit/pages/<int:pk>/blocks/move/", editing.move_block, name="move_block"),
    path("<slug:site>/edit/pages/<int:pk>/blocks/keep/", editing.keep_blocks, name="keep_blocks"),
    path(
        "<slug:site>/edit/pages/<int:pk>/blocks/remove/", editing.remove_block, name="remove_block"
    ),
    path("<slug:site>/edit/pages/<int:pk>/publish/", editing.publish, name="publish"),
    path("<slug:site>/edit/pages/<int:pk>/unpublish/", editing.unpublish, name="unpublish"),
    path("<slug:site>/edit/pages/<int:pk>/delete/", editing.delete_draft, name="delete_draft"),
    path("<slug:site>/preview/<str:token>/", public.preview, name="preview"),
    path("<slug:site>/news/", public.news, name="news"),
    path("<slug:site>/news/feed/", conditional_page(steady(SiteNewsFeed())), name="news_feed"),
    path(
        "<slug:site>/news/feed/atom/",
        conditional_page(steady(SiteNewsAtomFeed())),
        name="news_atom",
    ),
    path("<slug:site>/around/", public.around, name="around"),
    path(
        "<slug:site>/around/items/<int:pk>/approve/",
        discussions.approve_item,
        name="approve_item",
    ),
    path("<slug:site>/tags/", public.tags, name="tags"),
    path("<slug:site>/tags/<slug:slug>/", public.tag, name="tag"),
    path("<slug:site>/widget/", public.widget, name="widget"),
    path("<slug:site>/search/", public.search, name="search"),
    path("<slug:site>/events/", public.events, name="events"),
    path("<slug:site>/have-your-say/", public.have_your_say, name="have_your_say"),
    path("<slug:site>/get-involved/", public.get_involved, name="get_involved"),
    path("<slug:site>/cards/<str:kind>/<str:key>.png", cards.card, name="card"),
    path("<slug:site>/theme.css", public.theme, name="theme"),
    path("<slug:site>/discussions/", discussions.discussion_list, name="discussions"),
    path("<slug:site>/discussions/terms/", discussions.terms, name="terms"),
    path("<slug:site>/discussions/new/", discussions.start_page, name="start_discussion"),
    path("<slug:site>/discussions/waiting/", discussions.pending, name="pending"),
    path("<slug:site>/discussions/<int:pk>/", discussions.discussion_detail, name="discussion"),
    path("<slug:site>/discussions/<int:pk>/reply/", discussions.reply_page, name="reply"),
    path("<slug:site>/discussions/posts/<int:pk>/", discussions.post_link, name="post"),
    path("<slug:site>/discussions/posts/<int:pk>/approve/", discussions.approve, name="approve"),
    path("<slug:site>/discussions/posts/<int:pk>/complain/", discussions.complain, name="complain"),
    path("<slug:site>/about/<str:which>/", public.legal, name="legal"),
    path("<slug:site>/<slug:slug>/", public.page, name="page"),
]
