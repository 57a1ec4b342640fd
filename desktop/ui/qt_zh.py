"""Qt's own words in Chinese.  PySide6-Essentials ships no ``qtbase_zh_CN.qm`` (its ``qt_zh_CN.qm`` only
points to it), so the standard dialogs the app uses — file dialog, message boxes, input dialog, the print
and page-setup dialogs, the edit context menus — would speak English.  This translator carries the words
those dialogs ask for (recorded from Qt 6.12 by a recording translator), and Qt's own catalogue is still
loaded first when a system provides one.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

_BUTTONS = {
    "OK": "确定", "Cancel": "取消", "&Yes": "是(&Y)", "&No": "否(&N)", "Yes to &All": "全部是(&A)",
    "N&o to All": "全部否(&O)", "Abort": "中止", "Retry": "重试", "Ignore": "忽略", "Close": "关闭",
    "Apply": "应用", "Reset": "重置", "Help": "帮助", "Save": "保存", "Save All": "全部保存", "Open": "打开",
    "Discard": "不保存", "Restore Defaults": "恢复默认值",
}
_EDIT = {"&Undo": "撤销(&U)", "&Redo": "重做(&R)", "Cu&t": "剪切(&T)", "&Copy": "复制(&C)", "&Paste": "粘贴(&P)",
         "Delete": "删除", "Select All": "全选", "Copy &Link Location": "复制链接地址(&L)"}

TABLE: dict[str, dict[str, str]] = {
    "QPlatformTheme": _BUTTONS,
    "QDialogButtonBox": _BUTTONS,
    "QMessageBox": {"Show Details...": "显示详细信息…", "Hide Details...": "隐藏详细信息…", "OK": "确定",
                    "About Qt": "关于 Qt"},
    "QInputDialog": {"Enter a value:": "请输入数值："},
    "QLineEdit": _EDIT,
    "QWidgetTextControl": _EDIT,
    "QFileDialog": {
        "&Look in:": "查找范围(&L)：", "Look in:": "查找范围：", "File &name:": "文件名(&N)：",
        "Files of &type:": "文件类型(&T)：", "Files of type:": "文件类型：", "&Open": "打开(&O)",
        "&Save": "保存(&S)", "Open": "打开", "Save As": "另存为", "&Delete": "删除(&D)", "&Rename": "重命名(&R)",
        "&New Folder": "新建文件夹(&N)", "New Folder": "新建文件夹", "Create New Folder": "新建文件夹",
        "Create a New Folder": "新建一个文件夹", "Show &hidden files": "显示隐藏文件(&H)", "Back": "后退",
        "Forward": "前进", "Parent Directory": "上一级目录", "Go back": "后退", "Go forward": "前进",
        "Go to the parent directory": "转到上一级目录", "List View": "列表视图", "Detail View": "详细信息视图",
        "Change to list view mode": "切换到列表视图", "Change to detail view mode": "切换到详细信息视图",
        "List of places and bookmarks": "位置和书签列表", "Sidebar": "侧栏", "Files": "文件",
        "All Files (*)": "所有文件 (*)", "Directories": "文件夹", "Directory:": "文件夹：", "Show ": "显示 ",
        "Recent Places": "最近位置", "My Computer": "我的电脑", "Computer": "计算机",
        "%1 already exists.\nDo you want to replace it?": "%1 已存在。\n要替换它吗？",
        "%1\nFile not found.\nPlease verify the correct file name was given.": "%1\n找不到文件。\n请检查文件名是否正确。",
        "Are you sure you want to delete '%1'?": "确定要删除“%1”吗？",
        "Could not delete directory.": "无法删除文件夹。",
    },
    "QFileSystemModel": {"Name": "名称", "Size": "大小", "Type": "类型", "Date Modified": "修改日期",
                         "Computer": "计算机", "Kind": "种类", "My Computer": "我的电脑"},
    "QAbstractFileIconProvider": {"Drive": "驱动器", "Folder": "文件夹", "File": "文件"},
    "QTabBar": {"Scroll Left": "向左滚动", "Scroll Right": "向右滚动"},
    "QPrintDialog": {
        "Print": "打印", "&Print": "打印(&P)", "&Options >>": "选项(&O) >>", "&Options <<": "选项(&O) <<",
        "Print to File (PDF)": "打印到文件（PDF）", "Local file": "本地文件", "Write PDF file": "写入 PDF 文件",
        "All Pages": "所有页", "Odd Pages": "奇数页", "Even Pages": "偶数页",
        "Left to Right, Top to Bottom": "从左到右，从上到下", "Left to Right, Bottom to Top": "从左到右，从下到上",
        "Right to Left, Bottom to Top": "从右到左，从下到上", "Right to Left, Top to Bottom": "从右到左，从上到下",
        "Bottom to Top, Left to Right": "从下到上，从左到右", "Bottom to Top, Right to Left": "从下到上，从右到左",
        "Top to Bottom, Left to Right": "从上到下，从左到右", "Top to Bottom, Right to Left": "从上到下，从右到左",
        "Print To File ...": "打印到文件…",
    },
    "QPrintWidget": {"Printer": "打印机", "&Name:": "名称(&N)：", "P&roperties": "属性(&R)", "Location:": "位置：",
                     "Preview": "预览", "Type:": "类型：", "Output &file:": "输出文件(&F)：", "Form": "表单"},
    "QPrintSettingsOutput": {
        "Form": "表单", "Copies": "份数", "Print range": "打印范围", "Print all": "全部打印", "Pages from": "页码从",
        "to": "到", "Pages": "页", "Current Page": "当前页", "Selection": "所选内容", "Output Settings": "输出设置",
        "Copies:": "份数：", "Collate": "逐份打印", "Reverse": "逆序", "Options": "选项", "Color Mode": "颜色模式",
        "Color": "彩色", "Grayscale": "灰度", "Double Sided Printing": "双面打印", "Off": "关",
        "Long side binding": "长边装订", "Short side binding": "短边装订", "Page &Set:": "页面集(&S)：",
        "Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. "
        "E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.":
            "用逗号分隔页码或范围，范围用连字符表示，例如 3,5-7,9 打印第 3、5、6、7、9 页。",
    },
    "QPrintPreviewDialog": {"Page Setup": "页面设置", "Print Preview": "打印预览", "Print": "打印"},
    "QPageSetupWidget": {
        "Form": "表单", "Paper": "纸张", "Page size:": "纸张大小：", "Width:": "宽度：", "Height:": "高度：",
        "Paper source:": "纸张来源：", "Orientation": "方向", "Portrait": "纵向", "Landscape": "横向",
        "Reverse landscape": "反向横向", "Reverse portrait": "反向纵向", "Margins": "页边距", "top margin": "上边距",
        "left margin": "左边距", "right margin": "右边距", "bottom margin": "下边距", "Page Layout": "页面布局",
        "Page &order:": "页面顺序(&O)：", "Pages &per sheet:": "每张页数(&P)：", "Custom": "自定义",
        "Millimeters (mm)": "毫米 (mm)", "Inches (in)": "英寸 (in)", "Points (pt)": "磅 (pt)", "mm": "毫米",
    },
    "QPageSize": {"Custom": "自定义", "A4": "A4", "A3": "A3", "A5": "A5", "Letter / ANSI A": "信纸 / ANSI A",
                  "Legal": "法律文书纸"},
}


class ChineseQtTranslator(QTranslator):
    """Looks a (context, source text) pair up in :data:`TABLE`; untranslated text is left to Qt."""

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        words = TABLE.get(context)
        if words is None:
            return None
        return words.get(source_text)

    def isEmpty(self) -> bool:  # Qt API name
        return False
