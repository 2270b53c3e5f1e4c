# نصوص واجهة kratos-ui باللغة العربية. المفاتيح والمتغيرات ({ $name }) مطابقة للملف الإنجليزي؛
# وحيثما يحدد العدد الصياغة، يختارها محدِّد الجمع (فئات CLDR العربية).

## اللغة نفسها

language-name = العربية
# ltr or rtl
language-direction = rtl
# الوقت بتوقيت UTC من أجزائه (الشهر: أحد month-1 … month-12).
time-format = { $day } { $month } { $year }، { $hour }:{ $minute } UTC
month-1 = يناير
month-2 = فبراير
month-3 = مارس
month-4 = أبريل
month-5 = مايو
month-6 = يونيو
month-7 = يوليو
month-8 = أغسطس
month-9 = سبتمبر
month-10 = أكتوبر
month-11 = نوفمبر
month-12 = ديسمبر
language-switcher = اللغة

## حول كل صفحة

brand-home = الرئيسية
brand-privacy = الخصوصية
brand-terms = الشروط
brand-links = حول هذا الموقع
sign-out = تسجيل الخروج
back-to-settings = العودة إلى إعدادات الحساب
open-settings = فتح إعدادات الحساب
try-again = إعادة المحاولة
flow-expired-notice = انتهت صلاحية النموذج السابق، فهذا نموذج جديد. لم يتغيّر أي شيء.
tool-copied = تم النسخ.
tool-copy-refused = النسخ غير مسموح به هنا؛ يُرجى تحديد النص بدلًا من ذلك.

## الإعدادات

settings-title = إعدادات الحساب
settings-signed-in-as = مسجَّل الدخول باسم
settings-addresses = عناوين البريد الإلكتروني
settings-sessions-link = الأجهزة التي سجّلت الدخول منها
settings-sign-out-others-title = هل حسابك مسجَّل الدخول في مكان لا ينبغي أن يكون فيه؟
settings-sign-out-others-hint = إذا غيّرت كلمة المرور لأن شخصًا آخر قد يعرفها، فسجّل الخروج من جميع الأجهزة الأخرى الآن. سيبقى هذا الجهاز مسجَّل الدخول.
settings-only-connected = أنت تسجّل الدخول بحساب مرتبط، وسيبقى مرتبطًا ما دام وسيلتك الوحيدة لتسجيل الدخول: عيِّن كلمة مرور أو أضف مفتاح مرور أعلاه، وبعدها يمكنك إلغاء ربطه.
address-verified = تم التحقق
address-not-verified = لم يتم التحقق
address-verify = تحقّق
address-sent = أرسلنا رابطًا ورمزًا إلى هذا العنوان: اتبع الرابط في تلك الرسالة، أو تحقّق من هنا للحصول على رمز جديد.

section-profile = الملف الشخصي
section-profile-hint = اسمك وبيانات الاتصال بك.
section-password = كلمة المرور
section-password-hint = اختر كلمة مرور جديدة.
section-oidc = الحسابات المرتبطة
section-oidc-hint = سجّل الدخول عبر مزوّد آخر.
section-lookup_secret = رموز الاسترداد الاحتياطية
section-lookup_secret-hint = رموز تُستخدم مرة واحدة فقط عندما لا يكون تطبيق المصادقة في متناولك. احفظها في مكان آمن.
section-webauthn = مفاتيح الأمان
section-webauthn-hint = مفاتيح أمان مادية كعامل مصادقة ثانٍ.
section-passkey = مفاتيح المرور
section-passkey-hint = سجّل الدخول بجهازك بدلًا من كلمة المرور.
section-totp = تطبيق المصادقة
section-totp-hint = رموز من تطبيق، مثل مدير كلمات المرور، كعامل مصادقة ثانٍ.
section-code = تسجيل الدخول برمز
section-identifier_first = تسجيل الدخول
section-needs-js = تحتاج مفاتيح الأمان ومفاتيح المرور إلى JavaScript، وهو معطَّل في هذا المتصفح. أما بقية هذه الصفحة فتعمل بدونه.
node-cannot-remove = أنت تسجّل الدخول بهذه الطريقة، لذا ستبقى إلى أن تضيف طريقة أخرى لتسجيل الدخول.
totp-copy = نسخ المفتاح
totp-open-app = فتح في تطبيق المصادقة
codes-unused = { $total ->
    [one] لم يُستخدم { $unused } من أصل رمز واحد.
    [two] لم يُستخدم { $unused } من أصل رمزين.
    [few] لم يُستخدم { $unused } من أصل { $total } رموز.
    [many] لم يُستخدم { $unused } من أصل { $total } رمزًا.
   *[other] لم يُستخدم { $unused } من أصل { $total } رمز.
}
codes-copy = نسخ الرموز
codes-print = طباعة
codes-download = تنزيل ملف .txt

## الأجهزة التي سجّلت الدخول منها

sessions-title = الأجهزة التي سجّلت الدخول منها
sessions-this-device = هذا الجهاز
sessions-other-devices = الأجهزة الأخرى
sessions-none = لم تسجّل الدخول من أي مكان آخر.
sessions-revoke = تسجيل الخروج من هذا الجهاز
sessions-revoke-others = تسجيل الخروج من جميع الأجهزة الأخرى
sessions-more = المزيد من الجلسات
sessions-previous = السابق
sessions-next = التالي
notice-session-revoked = تم تسجيل الخروج من ذلك الجهاز.
notice-others-revoked = { $count ->
    [0] لم يكن أي جهاز آخر مسجَّل الدخول.
    [one] تم تسجيل الخروج من جهاز آخر واحد.
    [two] تم تسجيل الخروج من جهازين آخرين.
    [few] تم تسجيل الخروج من { $count } أجهزة أخرى.
    [many] تم تسجيل الخروج من { $count } جهازًا آخر.
   *[other] تم تسجيل الخروج من { $count } جهاز آخر.
}
notice-session-not-found = لم يُعثر على ذلك الجهاز بين جلساتك، لذا لم يتم تسجيل الخروج من أي جهاز. ربما سُجِّل خروجه من قبل.
session-device = { $browser } على { $system }
session-unknown-browser = متصفح غير معروف
session-unknown-system = نظام غير معروف
session-address = العنوان
session-location = الموقع
session-signed-in = وقت تسجيل الدخول
session-with = باستخدام
session-second-factor = عامل ثانٍ
session-yes = نعم
session-no = لا
session-expires = تنتهي في
method-password = كلمة المرور
method-totp = تطبيق المصادقة
method-lookup_secret = رمز الاسترداد الاحتياطي
method-webauthn = مفتاح الأمان
method-passkey = مفتاح المرور
method-oidc = تسجيل الدخول الاجتماعي
method-code = رمز عبر البريد الإلكتروني
method-profile = الملف الشخصي
method-other = أخرى

## تسجيل الدخول، إنشاء الحساب، الاسترداد، التحقق

login-title = تسجيل الدخول
login-title-second-factor = أكّد هويتك باستخدام عامل ثانٍ
login-title-refresh = أكّد هويتك
login-forgot = هل نسيت كلمة المرور؟
login-new-here = مستخدم جديد؟
login-sign-up = إنشاء حساب
login-not-you = ألست أنت، أو لا يتوفر لديك العامل الثاني الآن؟
registration-title = إنشاء حساب
registration-have-account = لديك حساب بالفعل؟
registration-sign-in = تسجيل الدخول
recovery-title = استرداد حسابك
recovery-title-sent = أدخل رمز الاسترداد
recovery-hint = أدخل عنوان البريد الإلكتروني لحسابك، وسنرسل إليك رمزًا لتسجيل الدخول واختيار كلمة مرور جديدة.
recovery-back = العودة إلى تسجيل الدخول
verification-title = تحقّق من عنوان بريدك الإلكتروني
verification-title-sent = أدخل رمز التحقق
verification-title-done = تم التحقق من عنوان البريد الإلكتروني

## الأخطاء

error-status = خطأ { $status }
error-reference = المرجع:
redirect-continue = المتابعة إلى
not-found-title = الصفحة غير موجودة
not-found-text = لا يوجد شيء على هذا العنوان.
request-refused-title = تم رفض الطلب
request-refused-text = جاء هذا الطلب من موقع آخر، لذا لم يتغيّر أي شيء. إذا أردت تسجيل الخروج أو تعديل حسابك، فافعل ذلك من إعدادات حسابك.
error-redirected-title = جارٍ إعادة التوجيه…
error-redirected-text = جارٍ نقلك إلى الصفحة التالية.
error-return-to-title = عنوان العودة هذا غير مسموح به
error-return-to-text = الرابط الذي اتبعته يطلب إرسالك بعد ذلك إلى عنوان لا يسمح به هذا الموقع. افتح إعدادات حسابك بدونه، أو اطلب رابطًا صحيحًا ممن أعطاك الرابط.
error-flow-disabled-title = هذه الميزة غير متاحة هنا
error-flow-disabled-text = أوقف هذا الموقع هذا الجزء من إدارة الحساب. إذا كان لديك حساب، فسجّل الدخول وافتح إعدادات حسابك؛ وإلا فتواصل مع القائمين على هذا الموقع.
error-form-not-verified-title = تعذّر التحقق من هذا النموذج
error-form-not-verified-text = لم يُرسَل النموذج من إحدى صفحات حسابك، أو لم يحتفظ متصفحك بملفات تعريف الارتباط (cookies) الخاصة بهذا الموقع، لذا لم يتغيّر أي شيء. افتح الصفحة مجددًا وحاول مرة أخرى.
error-unreachable-title = تعذّر الوصول إلى خدمة الهوية
error-unreachable-text = تعذّر علينا الوصول إلى الخدمة التي تحفظ حسابك. لم يتغيّر أي شيء. يُرجى المحاولة مرة أخرى بعد قليل.
error-timeout-title = خدمة الهوية تستغرق وقتًا طويلًا
error-timeout-text = لم تستجب الخدمة التي تحفظ حسابك في الوقت المحدد. لم يتغيّر أي شيء في هذه الصفحة. يُرجى المحاولة مرة أخرى بعد قليل.
error-bad-gateway-title = أرسلت خدمة الهوية ردًّا غير متوقَّع
error-bad-gateway-text = ردّت الخدمة التي تحفظ حسابك بطريقة لم نفهمها. يُرجى المحاولة مرة أخرى بعد قليل.
error-internal-title = حدث خطأ ما
error-internal-text = يُرجى المحاولة مرة أخرى بعد قليل.

flow-error-title = حدث خطأ ما
flow-error-text = تعذّر على خدمة الهوية إكمال طلبك. لم يتغيّر أي شيء. يُرجى العودة إلى إعدادات حسابك والمحاولة مرة أخرى.
flow-error-csrf-title = كان النموذج الذي أرسلته قديمًا
flow-error-csrf-text = حفاظًا على أمانك، رُفض الطلب لأنه تعذّر ربطه بهذا المتصفح (يحدث ذلك عند مسح ملفات تعريف الارتباط أو عند بقاء النموذج مفتوحًا لفترة طويلة). لم يتغيّر أي شيء. يُرجى فتح الصفحة مجددًا وإجراء التغيير مرة أخرى.
flow-error-return-to-title = عنوان العودة هذا غير مسموح به
flow-error-return-to-text = الرابط الذي اتبعته يطلب إرسالك إلى عنوان لا يسمح به هذا الموقع.
flow-error-identity-mismatch-title = هذا النموذج يخص حسابًا آخر
flow-error-identity-mismatch-text = فُتح هذا النموذج أثناء تسجيل الدخول بحساب شخص آخر. لم يتغيّر أي شيء. يُرجى فتح الصفحة مجددًا.
flow-error-expired-title = انتهت صلاحية النموذج
flow-error-expired-text = بقي النموذج مفتوحًا لفترة طويلة جدًا. لم يتغيّر أي شيء. يُرجى فتح الصفحة مجددًا.
flow-error-replaced-title = تم استبدال النموذج
flow-error-replaced-text = حلّ نموذج أحدث محل هذا النموذج. يُرجى فتح الصفحة مجددًا.
flow-error-signed-out-title = لم تسجّل الدخول
flow-error-signed-out-text = يُرجى تسجيل الدخول والمحاولة مرة أخرى.
flow-error-signed-in-title = لقد سجّلت الدخول بالفعل
flow-error-signed-in-text = لا حاجة إلى تسجيل الدخول مرة أخرى.
flow-error-aal2-title = يلزم عامل مصادقة ثانٍ
flow-error-aal2-text = يُرجى تأكيد هويتك باستخدام العامل الثاني والمحاولة مرة أخرى.
flow-error-refresh-title = يُرجى تأكيد هويتك
flow-error-refresh-text = يتطلب هذا التغيير تسجيل دخول حديثًا. سجّل الدخول مرة أخرى ثم كرّر التغيير.
