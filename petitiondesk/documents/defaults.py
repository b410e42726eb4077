"""The shipped wording of each notice document, version 1 of its template; pure.

Administrators edit these in the admin pages; every edit is a new version, and each
issued document names the version it was filled from. `${name}` marks a field
(documents.kinds.FIELDS); a paragraph per blank-line-separated block.
"""

from __future__ import annotations

_SIGN = "\n\n${bureau}\n${issued_on}"

BODIES: dict[str, str] = {
    "acceptance_notice": (
        "${petitioner}：\n\n"
        "你（们）于${received_on}提出的信访事项（${title}，编号${case_number}）已收悉。"
        "经审查，该事项符合受理条件，本机关决定予以受理，由${department}负责办理。"
        "本机关将自受理之日起六十日内办结并书面答复；情况复杂的，经批准可以适当延长办理期限，"
        "并告知延期理由。\n\n"
        "依据《信访工作条例》第二十三条，特此告知。" + _SIGN),
    "rejection_notice": (
        "${petitioner}：\n\n"
        "你（们）于${received_on}提出的信访事项（${title}，编号${case_number}）已收悉。"
        "经审查，该事项不属于信访受理范围，本机关不予受理。理由：${reason}\n\n"
        "请你（们）依照有关法律、行政法规规定的程序，向${channel}提出。\n\n"
        "依据《信访工作条例》第二十三条、第三十一条，特此告知。" + _SIGN),
    "forward_notice": (
        "${petitioner}：\n\n"
        "你（们）于${received_on}提出的信访事项（${title}，编号${case_number}）已收悉。"
        "该事项已转送（交办）${forwarded_to}处理，请与其联系。\n\n"
        "依据《信访工作条例》第二十二条、第二十三条，特此告知。" + _SIGN),
    "extension_notice": (
        "${petitioner}：\n\n"
        "你（们）提出的信访事项（${title}，编号${case_number}）因情况复杂，"
        "经批准延长办理期限${extension_days}日，将于${new_due_on}前办结并书面答复。"
        "延期理由：${reason}\n\n"
        "依据《信访工作条例》第三十四条，特此告知。" + _SIGN),
    "reply_opinion": (
        "${petitioner}：\n\n"
        "你（们）于${received_on}提出的信访事项（${title}，编号${case_number}），"
        "本机关已依法办理，现答复如下：\n\n${reply}\n\n"
        "如不服本处理意见，可以自收到本意见书之日起三十日内，"
        "请求原办理机关的上一级机关复查。" + _SIGN),
    "review_opinion": (
        "${petitioner}：\n\n"
        "你（们）对信访事项（${title}，编号${case_number}）处理意见不服、请求复查一事，"
        "本机关经复查，意见如下：\n\n${reply}\n\n"
        "如不服本复查意见，可以自收到本意见书之日起三十日内，"
        "向复查机关的上一级机关请求复核。" + _SIGN),
    "rereview_opinion": (
        "${petitioner}：\n\n"
        "你（们）对信访事项（${title}，编号${case_number}）复查意见不服、请求复核一事，"
        "本机关经复核，意见如下：\n\n${reply}\n\n"
        "本复核意见为终结意见。信访人对复核意见不服，仍以同一事实和理由提出信访请求的，"
        "不再受理。" + _SIGN),
    "defence_cover": (
        "答辩人：${bureau}\n\n"
        "${court}：\n\n"
        "${petitioner}诉本机关一案（案号${court_case_number}，本机关登记编号${case_number}），"
        "本机关现依法提交答辩状及作出行政行为的证据和所依据的规范性文件，请予审查。\n\n"
        "依据《中华人民共和国行政诉讼法》第六十七条。" + _SIGN),
    "reconsideration_reply_cover": (
        "被申请人：${bureau}\n\n"
        "${court}：\n\n"
        "申请人${petitioner}申请行政复议一案（本机关登记编号${case_number}），"
        "本机关现依法提出书面答复，并提交作出行政行为的证据、依据和其他有关材料。\n\n"
        "依据《中华人民共和国行政复议法》第四十八条。" + _SIGN),
}
