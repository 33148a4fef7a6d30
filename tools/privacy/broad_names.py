"""A broad hand-written list of given names and surnames, used only to build the word list.

Written for this project from general knowledge, across many backgrounds, so that no name is
hidden in the everyday-word skip list. It is not the evaluation's name lists: the TEST names in
``names.py`` are held out and were not used to shape it.
"""

from __future__ import annotations


def _names(block: str) -> tuple[str, ...]:
    return tuple(block.split())


GIVEN = _names(
    """
aaron abby abdul abdullah abel abigail abraham ada adam adele adrian agnes aidan aileen aisha
alan albert alex alexander alexandra alfie alfred ali alice alicia alison amanda amber amelia
amy andrea andrew andy angela angus anita ann anna anne annie anthony april archie arthur
ashley audrey austin barbara barry beatrice becky belinda ben benjamin bernard beth betty
bethany beverly bill billy bob bonnie brad bradley brandon brenda brian bridget brooke bruce
bryan calum cameron carl carla carlos carol caroline carolyn carrie cassie catherine cathy
charlie charles charlotte chelsea cheryl chris christian christine christopher clara claire
colin connor craig crystal dale damian dan daniel danny darren dave david dean debbie deborah
declan denise dennis derek diana diane dominic donna doris dorothy doug douglas duncan dylan
eddie edward eileen elaine eleanor elizabeth ella ellie elliot emily emma eric erin ethan
eugene eva evan evelyn faye felix fiona florence frances francis frank fred freddie freya
gail gareth gary gavin gemma gene geoffrey george georgia gerald gillian gina glen glenn
gloria gordon graham grant greg gregory gwen hannah harold harriet harry harvey hayley
hazel heather helen henry holly howard hugh hugo ian imogen irene isaac isabel isabella
isla jack jackie jacob jake james jamie jane janet janice jason jay jean jeff jennifer jenny
jeremy jess jessica jill jim jimmy joan joanne joe joel john johnny jon jonathan jordan joseph
josh joshua joyce judith judy julia julian julie june justin karen kate katherine kathleen
katie kay keith kelly ken kenneth kerry kevin kieran kim kirsty kyle lance laura lauren
lawrence leah lee leo leon leonard les lesley lewis liam lily linda lindsay lisa logan lois
louis louise lucas lucy luke lydia lynn maggie malcolm marcus margaret maria marie marion
mark martha martin mary matt matthew maureen max megan melanie melissa michael michelle mike
millie miranda molly morgan nancy naomi natalie nathan neil nicholas nick nicola nigel noah
norman olivia oscar owen paige pam pamela patricia patrick paul paula pauline peggy penny
peter phil philip phoebe phyllis poppy rachel ralph ray raymond rebecca reggie rhys richard
rick rob robert robin rod roger ron ronald rosie ross roy ruby russell ruth ryan sally sam
samantha samuel sandra sara sarah scott sean shane sharon sheila shirley simon sophie stacey
stanley stephanie stephen steve steven stuart sue susan suzanne sylvia tara ted teresa terry
theo theresa thomas tim timothy tina toby todd tom tommy tony tracy trevor troy val valerie
vanessa vera vicky victor victoria vincent violet wayne wendy william willie yvonne zach zoe
bronwen cerys dafydd dylan eira emrys gethin glyn gwyneth huw ieuan iolo llinos mared nia
owain rhian rhodri sian sioned tegan aled alun angharad bethan carys ffion
ailsa alasdair catriona eilidh euan fergus finlay hamish iain isla kirsty morag murdo rory
aoife ciara colm conor deirdre dermot eamon eamonn fionnuala liam maeve mairead niall oisin
padraig roisin seamus sean shauna sinead siobhan orla grainne cathal donal fintan caoimhe
aarav aditi aditya ajay akash amit amita anand anil anita anjali ankit anu arjun arun asha
ashok bhavna chandra deepa deepak devi dev dinesh divya gita gopal hari harish hema indira
jaya jyoti kamal kavita kiran krishna kumar lakshmi lalita madhu mahesh manoj meena mohan
mukesh nalini naresh neha nisha nitin pooja pradeep prakash pramod priya rahul raj raja
rajesh rakesh ram ramesh ravi rekha rohit sachin sanjay santosh sarita shanti shiva shobha
sita sonia suresh sunil sunita swati uma usha vijay vikram vinod yash gurpreet harjit
harpreet jaswinder jaspreet kuldip manjit parminder rajinder sukhdev sukhwinder balwinder
amrit baljit navjot simran tejinder gurdeep
aamir abbas adnan afzal ahmad ahmed aisha akbar alia amina amir anwar arif asif ayesha aziz
bilal farah faisal farhan fatima faisal habib hafsa hamza hanif haris hasan hassan hina
humera iqbal irfan ismail jamal javed kamran karim khadija khalid latif mahmood majid
maryam mohammed mohammad muhammad mustafa nadeem nadia naveed nasir nazia noor omar rashid
rehana rizwan saeed said saima sajid salim salma sameer samina shabnam shahid shakeel
shazia sohail sultan tahir tariq umar usman waqas yasmin yusuf zahid zainab zara zubair
abdi abdirahman ahmed amal asha ayan bashir deeqa faduma farah halima hodan hamdi ifrah
khadra ladan mohamud nimco sahra sagal warsame yasin hawa idil
adebayo adeola ade adewale ayo ayodele bisi bola chidi chinedu chioma chukwu dayo ebere ejike
emeka femi folake funke ibrahim ifeanyi ikenna jide kayode kemi kunle lola ngozi nkechi
nnamdi obi olu oluwaseun segun seun shola temi tobi tolu tunde uche yemi yinka
abena adwoa akua ama afua kofi kojo kwabena kwaku kwame kwesi yaw esi efua akosua kweku
amara ayanda bongani lindiwe nomsa sipho thabo themba zanele zodwa tendai tafadzwa chipo
farai rudo tatenda abebe almaz dawit hana meron selam tsegaye yonas kidist
wanjiru wambui njeri kamau otieno achieng akinyi onyango baraka juma neema zawadi amani
jamila khamis rehema
ahmet ali ayse burak can cem deniz elif emre esra fatma hakan hatice ibrahim kemal mehmet
murat mustafa ozlem selin serkan yusuf zeynep
ali amir arash babak bahram behnaz darius farid farzana golnar hamid hossein kaveh leila
mahnaz maryam mehdi mina nasrin omid parisa reza roya sara shirin soraya
aram azad baran dilan hozan jiyan kawa rebin rojin shilan zhiwar
adam agata agnieszka aleksander aleksandra andrzej anna barbara bartek bartosz beata dariusz
dawid ewa filip grzegorz hanna iwona jacek jakub jan janusz joanna kacper kamil karolina
katarzyna krzysztof lukasz magda marek mariusz marta mateusz michal monika pawel piotr
rafal robert sebastian stanislaw szymon tomasz wojciech zbigniew zofia
alexei anastasia andrei boris dmitri elena igor irina ivan katya maxim natalia nikolai olga
oksana pavel sergei svetlana tatiana vladimir yulia yuri
ana andreea bogdan cristina daniela florin gabriel ioana ion ionut marius mihai radu
alina nicoleta vasile
adina bogdana darius emil ilona jana jiri lenka martina milan ondrej pavla petr tereza
andras attila balazs gabor istvan laszlo zoltan zsofia
ana antonio carlos carmen diego elena fernando francisco isabel javier jorge jose juan
luis lucia manuel maria miguel pablo pedro rosa sofia alejandro guadalupe
alessandro andrea angelo antonella chiara francesco gianni giovanni giulia giuseppe lorenzo
luca marco matteo paolo roberto salvatore stefano
joao pedro rui tiago ines beatriz goncalo
costas dimitris eleni georgios ioannis katerina maria nikos sofia vasilis yiannis
an anh bao binh chi dung hai hoa hung huong lan linh long mai minh nam ngoc phuong quang
thanh thu trang tuan van viet
bo chen fang hong hua hui jian jie jing jun lei li lin ling mei ming ning ping qing rong shan
tao ting wei wen xia xiao xin yan yang yi ying yong yu yun zhen zhi
akira haruki hiroshi kenji keiko mei naoko sakura satoshi takeshi yuki yuko yumi
eun hye jae ji jin joon min seo soo sung young hyun
aroha tane maia
arjun dev neel ravi
akash bina
levi moshe rivka shira yael yosef chaim miriam esther eli avi noa tamar
jesus maria guadalupe rosa
winston delroy marcia beverley desmond errol hyacinth clive leroy claudette carlton dwayne
dwight junior marlon shanice tyrone andre jermaine kemar keisha latoya rochelle shanelle
tanisha trevor
abigail alfie amelia aria ava bella bobby caitlin callum chloe daisy darcey darcie elijah
eliza elsie erin evie finley finn florence frankie freddie gracie hallie harley harper
harrison holly isabelle isaac jasmine jayden jessica jude kayden kai keira lacey layla
leighton lexi lola louie luna maddison maisie mason matilda mia mila millie mohammed
nancy ollie olly phoebe reuben riley rosie ruby scarlett sienna skye sofia sophia stanley
summer teddy thea theo tilly toby tyler willow zachary zak zara kayleigh shannon courtney
jade kirsty leanne stacey tanya danielle natasha nicole jodie kerry amanda jenna kelsey
jo pete mo moe kat liz di mel mags stu vic sid len bert ned nat lou mick joey dom deb jules
gus hal tam nell bev viv bea abi lottie kev baz gaz daz caz shaz tash jen bex becca kez ty
"""
)

SURNAMES = _names(
    """
smith jones williams taylor brown davies evans wilson thomas johnson roberts robinson thompson
wright walker white edwards hughes green hall lewis harris clarke clark jackson wood turner
martin cooper hill ward morris moore clark lee king baker harrison morgan allen james scott
phillips watson davis parker price bennett young griffiths mitchell kelly cook carter
richardson bailey collins bell shaw murphy miller cox richards khan marshall anderson simpson
ellis adams singh begum wilkinson foster chapman powell webb rogers gray mason ali hunt
hussain campbell matthews owen palmer holmes mills barnes knight lloyd butler russell barker
fisher stevens jenkins dixon fletcher howard hamilton grant graham kennedy gibson mcdonald
reid stewart ross fraser black long rose may wells day lord stone hope frost little west
moss bird fox hart gold cross lane street field church pearson booth hudson burton dean
noble hunter reed glover weston wade chambers riley walsh byrne ryan o'brien o'connor
o'neill o'sullivan doyle kavanagh quinn brennan gallagher mccarthy flynn farrell
patel shah sharma kumar gupta mehta desai joshi jain reddy rao iyer nair menon pillai
chopra kapoor malhotra verma mishra pandey das bose ghosh banerjee chatterjee mukherjee sen
dutta gill sandhu sidhu dhillon grewal bains kaur
ahmed akhtar anwar aziz bibi butt chaudhry chaudhary hassan haider hussein iqbal islam javed
karim mahmood malik mirza mohammed qureshi rahman rashid raza saleem shaikh sheikh siddiqui
uddin ullah yousaf zaman
abdi ahmed aden farah hersi jama mohamud warsame yusuf osman omar
adeyemi adebayo afolabi akinola balogun bello eze ibe nwosu obi okafor okeke okonkwo
okoro oladipo olawale onyeka uche nnadi
asante boateng mensah owusu osei darko agyeman appiah ansah acheampong
mwangi kamau otieno ochieng wanjiku njoroge kiprop
moyo ncube dube nkosi mokoena
haile tesfaye bekele girma tadesse
yilmaz kaya demir celik sahin ozturk aydin arslan dogan koc
ahmadi hosseini rezaei mohammadi karimi jafari rahimi
kowalski nowak wisniewski wojcik kaminski lewandowski zielinski szymanski wozniak dabrowski
kozlowski jankowski mazur kwiatkowski krawczyk piotrowski grabowski pawlowski michalski
popescu ionescu popa dumitru stan
ivanov petrov smirnov popov volkov sokolov kuznetsov
garcia rodriguez martinez hernandez lopez gonzalez perez sanchez ramirez torres flores
rivera gomez diaz silva santos ferreira pereira oliveira costa rossi russo ferrari esposito
bianchi romano colombo ricci marino greco bruno gallo conti
papadopoulos georgiou christodoulou
nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly
wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo gao liang
zheng xie tang han feng deng cao peng zeng wong chan cheung lau leung ho ng chow yip lam
tan lim goh ong teo koh chua
kim lee park choi jung kang cho yoon jang lim han oh seo shin kwon hwang ahn song
sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato yoshida
cohen levy levi friedman goldberg katz klein
baptiste francis joseph charles pierre augustine st-louis campbell grant samuels
"""
)
